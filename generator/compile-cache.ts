// Keeps V8's compiled code of the generator's libraries between runs.
//
// A run that emits loads ts-morph, which carries the whole TypeScript compiler: 9 MB of
// JavaScript that V8 parses and compiles anew in every process, about a fifth of a second
// before any work starts. With the compiled code kept on disk, later runs read it back
// instead. Node 22.1 and later do this themselves (module.enableCompileCache); on Node 20
// the v8-compile-cache package does it for CommonJS modules, which ts-morph and TypeScript
// are. V8 checks each cached entry against the source and its own version and flags, and
// recompiles on any mismatch, so a stale or damaged cache costs time, never correctness.
//
// The cache lives in the project's node_modules/.cache/directo-codegen/v8, beside the
// generation cache; run outside a project (no package.json above the working folder, or no
// writable node_modules), nothing is kept. DISABLE_V8_COMPILE_CACHE=1 (Node 20) or NODE_DISABLE_COMPILE_CACHE=1
// (Node 22) turns it off.

import module, { createRequire } from 'node:module';
import path from 'node:path';

import findCacheDirectory from 'find-cache-directory';

type EnableCompileCache = (directory?: string) => unknown;

/** Starts keeping compiled code for the modules loaded from now on. */
export function enableCompileCache(cwd = process.cwd()): void {
  const found = findCacheDirectory({ name: 'directo-codegen', cwd });
  if (found === undefined) return;

  const directory = path.join(found, 'v8');
  const builtIn = (module as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
  if (builtIn !== undefined) {
    builtIn(directory);
    return;
  }

  // v8-compile-cache reads its folder from the environment when it is loaded, and installs
  // itself then. It names its files after the working folder.
  const previous = process.env.V8_COMPILE_CACHE_CACHE_DIR;
  process.env.V8_COMPILE_CACHE_CACHE_DIR = directory;
  try {
    createRequire(import.meta.url)('v8-compile-cache');
  } finally {
    if (previous === undefined) delete process.env.V8_COMPILE_CACHE_CACHE_DIR;
    else process.env.V8_COMPILE_CACHE_CACHE_DIR = previous;
  }
}
