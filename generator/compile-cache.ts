// Keeps V8's compiled code of ts-morph and the TypeScript compiler between runs.
//
// A run that emits loads ts-morph, which carries the whole TypeScript compiler: 9 MB of
// JavaScript that V8 parses and compiles anew in every process, about a fifth of a second
// before any work starts. Node 22.1 and later can keep compiled code on disk
// (module.enableCompileCache), and later runs read it back instead; V8 checks each entry
// against the source and its own version and flags, and recompiles on any mismatch, so a
// stale or damaged cache costs time, never correctness. Node 20 has no such cache, and runs
// without one: the v8-compile-cache package was measured there and gained 3 %, since it
// serialises and rewrites its whole 9 MB cache on every run.
//
// The cache lives in the project's node_modules/.cache/directo-codegen/v8, beside the
// generation cache; run outside a project (no package.json above the working folder, or no
// writable node_modules), nothing is kept. NODE_DISABLE_COMPILE_CACHE=1 turns it off. Only
// a process that allows it keeps a cache (the command line does), since it then applies to
// every module the process loads.

import module from 'node:module';
import path from 'node:path';

import findCacheDirectory from 'find-cache-directory';

/** Node's module.enableCompileCache, where Node has it. */
export type EnableCompileCache = (directory?: string) => unknown;

/** Whether and where a process keeps compiled code. */
export class CompileCache {
  private isAllowed = false;
  /** The folder to find the project from; the working folder when not given. */
  private cwd: string | undefined;
  private isStarted = false;

  constructor(private readonly enable: EnableCompileCache | undefined) {}

  /** Lets this process keep compiled code, in the project around `cwd`. */
  allow(cwd?: string): void {
    this.isAllowed = true;
    this.cwd = cwd;
  }

  /**
   * Keeps compiled code for the modules loaded from now on, where allowed. Called just
   * before ts-morph is loaded, so that a run whose output is up to date, which never loads
   * it, does not touch the cache. Returns the cache folder, or undefined when none is kept.
   */
  start(): string | undefined {
    if (this.enable === undefined || !this.isAllowed || this.isStarted) return undefined;
    this.isStarted = true;

    const cwd = this.cwd ?? workingFolder();
    const found = cwd === undefined ? undefined : findCacheDirectory({ name: CACHE_NAME, cwd });
    if (found === undefined) return undefined;

    const folder = path.join(found, 'v8');
    this.enable(folder);
    return folder;
  }
}

const CACHE_NAME = 'directo-codegen';

// A working folder that has been removed has no project to keep a cache in.
function workingFolder(): string | undefined {
  try {
    return process.cwd();
  } catch {
    return undefined;
  }
}

/** The process's compile cache. */
export const compileCache = new CompileCache(
  (module as { enableCompileCache?: EnableCompileCache }).enableCompileCache,
);
