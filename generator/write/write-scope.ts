// Which components a run for some of them must write. The top-level index and the client
// import every component, and are rebuilt from every model, so a component left out of the
// run must already be in the output folder exactly as its model now generates it: one that
// is missing, partly missing, or generated from schemas that have changed since is written
// (or, with --check, compared) as well, with a warning. Otherwise the generated code would
// not compile, or would mix two versions of a component.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { warnAt } from '../diagnostics.js';
import type { GeneratedFile } from '../emit/generated-file.js';
import type { Logger } from '../logger.js';
import type { OutputScope } from './output-tree.js';

/** The part of the output folder a run writes, and the files it writes there. */
export interface SettledScope {
  readonly scope: OutputScope;
  readonly files: readonly GeneratedFile[];
  /** How many components the run writes. */
  readonly components: number;
}

/** What a run was asked for: its output folder, and components (all of them when empty). */
export interface ScopeRequest {
  readonly outDir: string;
  readonly components: readonly string[];
  readonly check: boolean;
}

/** Settles the scope of a run, given the files emitted for all the components named `all`. */
export function settleScope(
  request: ScopeRequest,
  all: readonly string[],
  emitted: readonly GeneratedFile[],
  logger: Logger,
): SettledScope {
  const { outDir, components: requested } = request;
  if (requested.length === 0) {
    return { scope: { components: undefined }, files: emitted, components: all.length };
  }

  const stale = all
    .filter((name) => !requested.includes(name))
    .filter((name) => !isAsGenerated(outDir, name, filesOf(name, emitted)));
  const verb = request.check ? 'compared' : 'generated';
  for (const name of stale) {
    const message =
      'missing or out of date in the output folder, and the index imports it: ' + `${verb} as well`;
    warnAt(logger, path.join(outDir, name), message);
  }
  const components = [...requested, ...stale];
  const isOutOfScope = (name: string) => all.includes(name) && !components.includes(name);

  // The runtime is written whole by every run, so files it no longer has go too.
  return {
    scope: { components: [...components, RUNTIME_FOLDER] },
    files: emitted.filter((file) => !isOutOfScope(componentOf(file))),
    components: components.length,
  };
}

const RUNTIME_FOLDER = 'runtime';

function filesOf(name: string, emitted: readonly GeneratedFile[]): GeneratedFile[] {
  return emitted.filter((file) => componentOf(file) === name);
}

// The first folder of a file's path: its component's, for a component's files.
function componentOf(file: GeneratedFile): string {
  return file.path.split('/')[0] ?? '';
}

// Exactly the files generated, with their content: a file more (one the generator no
// longer writes, say) makes the folder out of date too. Anything that cannot be read is not
// as generated; writing reports what it is.
function isAsGenerated(outDir: string, name: string, files: readonly GeneratedFile[]): boolean {
  const expected = new Set(files.map((file) => file.path.slice(name.length + 1)));
  let present: string[];
  try {
    present = readdirSync(path.join(outDir, name), { recursive: true, encoding: 'utf8' });
  } catch {
    return false;
  }
  if (present.some((file) => !expected.has(file.split(path.sep).join('/')))) return false;

  return files.every((file) => {
    try {
      return readFileSync(path.join(outDir, file.path), 'utf8') === file.content;
    } catch {
      return false;
    }
  });
}
