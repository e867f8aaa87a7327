// Runs the command line in-process and captures what it prints.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { main } from '../../generator/cli.js';

/** What one run printed and returned. */
export interface CliRun {
  readonly status: number;
  readonly out: string[];
  readonly err: string[];
}

/** Runs `directo-codegen` with `args`. */
export async function runCli(args: readonly string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(args, {
    error: (line) => err.push(line),
    warn: (line) => err.push(line),
    info: (line) => out.push(line),
    debug: () => undefined,
  });

  return { status, out, err };
}

/** Every file under `dir` with its content, for before-and-after comparisons. */
export async function snapshotDir(dir: string, prefix = ''): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  let entries;
  try {
    entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  } catch {
    return snapshot;
  }
  for (const entry of entries) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) Object.assign(snapshot, await snapshotDir(dir, relative));
    else snapshot[relative] = await readFile(path.join(dir, relative), 'utf8');
  }

  return snapshot;
}
