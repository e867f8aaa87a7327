// Runs the command line in-process and captures what it prints.

import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { main } from '../../generator/cli.js';
import { REPO_ROOT } from './paths.js';

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

/**
 * Runs the built `directo-codegen generate` with `args` in a process of its own, with the
 * module `preload` (its source, written to `dir`/preload.mjs) loaded first: to kill it, or
 * make the file system fail, at a chosen step.
 */
export function generateWithPreload(
  preload: string,
  args: readonly string[],
  dir: string,
): SpawnSyncReturns<string> {
  const file = path.join(dir, 'preload.mjs');
  writeFileSync(file, preload);
  const bin = path.join(REPO_ROOT, 'bin', 'directo-codegen.js');
  const command = ['--import', pathToFileURL(file).href, bin, 'generate', ...args];

  // A run that hangs fails the test rather than stall the suite.
  return spawnSync(process.execPath, command, { encoding: 'utf8', timeout: 60_000 });
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
