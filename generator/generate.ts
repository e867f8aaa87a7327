// The generator's pipeline: read the schemas and field tables, merge them into models, emit
// TypeScript and Markdown, then write the output folder (or compare it, with `check`).

import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { DiagnosticBag, fileLocation, type Diagnostic } from './diagnostics.js';
import type { GeneratedFile } from './emit/generated-file.js';
import type { Logger } from './logger.js';
import type { ComponentModel } from './model/component-model.js';
import { mergeComponents } from './model/load-models.js';
import { readComponents } from './read/read-components.js';
import {
  describeModels,
  describeSources,
  describeWrite,
  plural,
  printWarnings,
  timer,
} from './stage-lines.js';
import {
  cacheFileFor,
  type CacheEntry,
  digestInputs,
  digestTree,
  readCacheEntry,
  writeCacheEntry,
} from './write/generation-cache.js';
import { claimOutputFolder, compareOutputFolder } from './write/output-folder.js';
import type { TreeDifference } from './write/output-tree.js';
import { settleScope } from './write/write-scope.js';

/** What to generate, and where. */
export interface GenerateOptions {
  readonly schemasDir: string;
  readonly outDir: string;
  readonly templatesDir: string;
  /** Component folder names; empty for all of them. */
  readonly components: readonly string[];
  /** Compare with the output folder instead of writing it. */
  readonly check: boolean;
  /** Emit and write even when the cache says the output folder is up to date. */
  readonly force: boolean;
}

/** What a run did. */
export interface GenerateResult {
  readonly models: readonly ComponentModel[];
  /** How many files the output holds. */
  readonly fileCount: number;
  /** True when nothing was emitted, since the cache showed the output up to date. */
  readonly isCached: boolean;
  /** Files written, or with `check`, files that differ. */
  readonly differences: readonly TreeDifference[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Runs the pipeline. Input errors throw an InputError before anything is written. */
export async function generate(options: GenerateOptions, logger: Logger): Promise<GenerateResult> {
  const started = performance.now();
  const diagnostics = new DiagnosticBag();
  const stage = timer(logger);

  // 1. Read every component, so the top-level index always lists all of them.
  const sources = await readComponents(options.schemasDir, diagnostics);
  reportUnknownNames(
    options,
    sources.map((source) => source.folder.name),
    diagnostics,
  );
  diagnostics.throwIfErrors();
  stage('read', describeSources(sources));

  // 2. Merge each component's schemas and field table into one model.
  const models = mergeComponents(sources, diagnostics);
  diagnostics.throwIfErrors();
  printWarnings(diagnostics.items, logger);
  stage('model', describeModels(models, diagnostics.items));

  // 3. Emit every component's files and the index, unless the cache shows that the
  //    output folder holds exactly what the same inputs made last time. A run that writes
  //    holds the output folder's lock from here on, so no other run swaps it meanwhile.
  const claim = options.check ? undefined : await claimOutputFolder(options.outDir, logger);
  try {
    const cache = await probeCache(options, models, logger);
    if (cache?.entry !== undefined) {
      const count = options.components.length || models.length;
      stage('emit', `skipped: nothing changed since the last run (--force emits anyway)`);
      stage('write', describeWrite(options.outDir, options.check, []));
      return finish(logger, started, count, cache.entry.files, {
        models,
        isCached: true,
        differences: [],
        diagnostics: diagnostics.items,
      });
    }
    // A run for some components writes only those, and any others the output folder
    // lacks as they are now generated (see write-scope.ts).
    const emitted = await emitFiles(models, options.templatesDir);
    const names = models.map((model) => model.name);
    const { scope, files, components } = settleScope(options, names, emitted, logger);
    stage('emit', `${files.length} files for ${plural(components, 'component')}`);

    // 4. Write the output folder atomically, or compare it; remember what it was made from.
    const differences = claim
      ? await claim.write(files, scope)
      : await compareOutputFolder(options.outDir, files, scope, logger);
    if (cache !== undefined) await recordCache(cache, options.outDir, files.length, logger);
    stage(
      options.check ? 'check' : 'write',
      describeWrite(options.outDir, options.check, differences),
    );

    return finish(logger, started, components, files.length, {
      models,
      isCached: false,
      differences,
      diagnostics: diagnostics.items,
    });
  } finally {
    await claim?.release();
  }
}

function finish(
  logger: Logger,
  started: number,
  components: number,
  files: number,
  result: Omit<GenerateResult, 'fileCount'>,
): GenerateResult {
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const counts = [plural(components, 'component'), plural(files, 'file')].join(', ');
  logger.info(`done    ${counts} in ${seconds} s`);

  return { ...result, fileCount: files };
}

// The emitters, and with them ts-morph and the TypeScript compiler it carries, are loaded
// only when there is something to emit.
async function emitFiles(
  models: readonly ComponentModel[],
  templatesDir: string,
): Promise<GeneratedFile[]> {
  const [{ emitComponents }, { loadReadmeRenderer }, { loadRuntimeSources }] = await Promise.all([
    import('./emit/emit-component.js'),
    import('./emit/emit-docs.js'),
    import('./emit/emit-runtime.js'),
  ]);

  return emitComponents(models, {
    renderReadme: await loadReadmeRenderer(path.join(templatesDir, 'component-readme.md.hbs')),
    runtime: await loadRuntimeSources(path.join(templatesDir, 'runtime')),
  });
}

/** The cache entry for a run's output folder, and whether it shows the folder up to date. */
interface CacheProbe {
  readonly file: string;
  readonly inputs: string;
  /** Set when the output folder is what these inputs made last time. */
  readonly entry: CacheEntry | undefined;
}

// `check` never trusts the cache: it is the proof that the output matches the generator.
async function probeCache(
  options: GenerateOptions,
  models: readonly ComponentModel[],
  logger: Logger,
): Promise<CacheProbe | undefined> {
  const file = options.check ? undefined : cacheFileFor(options.outDir, options.components);
  if (file === undefined) return undefined;

  const inputs = digestInputs({ models, components: options.components }, options.templatesDir);
  const entry = options.force ? undefined : await readCacheEntry(file);
  const isHit =
    entry?.inputs === inputs &&
    entry.outDir === path.resolve(options.outDir) &&
    entry.output === digestTree(options.outDir);
  logger.debug(`        cache ${file}: ${isHit ? 'up to date' : 'inputs or output changed'}`);

  return { file, inputs, entry: isHit ? entry : undefined };
}

// A cache that cannot be written only costs the next run its shortcut.
async function recordCache(
  cache: CacheProbe,
  outDir: string,
  files: number,
  logger: Logger,
): Promise<void> {
  try {
    const output = digestTree(outDir);
    await writeCacheEntry(cache.file, {
      outDir: path.resolve(outDir),
      inputs: cache.inputs,
      output,
      files,
    });
  } catch (error) {
    logger.debug(`        cache ${cache.file} not written: ${(error as Error).message}`);
  }
}

function reportUnknownNames(
  options: GenerateOptions,
  known: readonly string[],
  diagnostics: DiagnosticBag,
): void {
  for (const name of options.components) {
    if (known.includes(name)) continue;
    const where = fileLocation(path.resolve(options.schemasDir, name));
    diagnostics.error(where, `no component named "${name}" (known: ${known.join(', ') || 'none'})`);
  }
}
