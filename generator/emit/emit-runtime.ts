// The runtime shared by every component's codec is ordinary TypeScript kept in
// `templates/runtime/`. It is copied into `generated/runtime/` with a banner, so the
// generated folder depends on nothing but fast-xml-parser.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { typeScriptBanner, type GeneratedFile } from './generated-file.js';

/** A runtime source file: its name and text. */
export interface RuntimeSource {
  readonly name: string;
  readonly text: string;
}

/** Reads the runtime sources (tests excluded), sorted by name. */
export async function loadRuntimeSources(dir: string): Promise<RuntimeSource[]> {
  const names = (await readdir(dir))
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .sort();

  return Promise.all(
    names.map(async (name) => ({ name, text: await readFile(path.join(dir, name), 'utf8') })),
  );
}

/** The runtime files as they are written under `runtime/`. */
export function emitRuntime(sources: readonly RuntimeSource[]): GeneratedFile[] {
  return sources.map((source) => ({
    path: `runtime/${source.name}`,
    content: `${typeScriptBanner([`templates/runtime/${source.name}`])}\n\n${source.text}`,
  }));
}
