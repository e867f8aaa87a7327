// Remembers what the last generation into an output folder was made from, so that a build
// whose inputs have not changed skips emitting, and with it loading the TypeScript compiler
// that ts-morph carries, which is most of a generation's time.
//
// An entry holds two digests: one of everything the emitted files depend on (the models, the
// templates, the generator's own code and the versions of the libraries that print), and one
// of the output folder as it was written. Emitting is skipped only when both still match, so
// a changed schema, a new generator, or a hand-edited or deleted output file regenerates.
// The entries live in node_modules/.cache/directo-codegen of the project that holds the
// output folder; without such a project there is no cache and every run generates.

import { createHash, type Hash } from 'node:crypto';
import { existsSync, fstatSync, readdirSync, readlinkSync, type Dirent } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import findCacheDirectory from 'find-cache-directory';

import { readChunks, withRegularFile } from './regular-file.js';

/** The format of an entry; a change makes older entries misses. */
const ENTRY_VERSION = 2;

/** The packages whose versions change how emitted files are printed, with the one each is
 * found from: ts-morph's own dependencies may be installed inside it. */
const PRINTING_PACKAGES = [
  ['ts-morph', undefined],
  ['@ts-morph/common', 'ts-morph'],
  ['code-block-writer', 'ts-morph'],
  ['handlebars', undefined],
] as const;

/** The folder holding the generator's code: `generator/`, or `dist/generator/` when built. */
const GENERATOR_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const require = createRequire(import.meta.url);

/** What one generation into one output folder was made from, and what it wrote. */
export interface CacheEntry {
  readonly version: number;
  readonly outDir: string;
  /** Digest of everything the emitted files depend on. */
  readonly inputs: string;
  /** Digest of the output folder's files as written. */
  readonly output: string;
  /** How many files the generation emitted. */
  readonly files: number;
}

/**
 * Where the entry for generating `components` (all of them when empty) into `outDir` is
 * kept, or undefined when no project holds the folder. Each selection has its own entry,
 * so that builds alternating between all components and some of them both skip emitting.
 */
export function cacheFileFor(
  outDir: string,
  components: readonly string[] = [],
): string | undefined {
  const dir = findCacheDirectory({
    name: 'directo-codegen',
    cwd: path.dirname(path.resolve(outDir)),
  });
  if (dir === undefined) return undefined;

  const selection = [...new Set(components)].sort().join('\0');
  const name = createHash('sha256')
    .update(`${path.resolve(outDir)}\0\0${selection}`)
    .digest('hex')
    .slice(0, 16);
  return path.join(dir, `${name}.json`);
}

/** The entry in `file`, or undefined when there is none or it cannot be read. */
export async function readCacheEntry(file: string): Promise<CacheEntry | undefined> {
  try {
    const entry = JSON.parse(await readFile(file, 'utf8')) as Partial<CacheEntry>;
    const isEntry =
      entry.version === ENTRY_VERSION &&
      typeof entry.outDir === 'string' &&
      typeof entry.inputs === 'string' &&
      typeof entry.output === 'string' &&
      typeof entry.files === 'number';

    return isEntry ? (entry as CacheEntry) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Records an entry; it is written beside its final name and renamed, so never seen half.
 * Entries of output folders that no longer exist are removed, so the cache does not grow
 * with every folder ever generated into.
 */
export async function writeCacheEntry(
  file: string,
  entry: Omit<CacheEntry, 'version'>,
): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ version: ENTRY_VERSION, ...entry })}\n`);
  await rename(temporary, file);

  for (const name of await readdir(dir)) {
    const other = path.join(dir, name);
    if (other === file || !name.endsWith('.json')) continue;
    const outDir = (await readCacheEntry(other))?.outDir;
    if (outDir === undefined || !existsSync(outDir)) await rm(other, { force: true });
  }
}

/**
 * The digest of what a generation depends on: `models` (any plain data: objects, arrays,
 * strings, numbers, booleans), the templates folder, the generator's code and the versions
 * of the printing libraries.
 */
export function digestInputs(models: unknown, templatesDir: string): string {
  const hash = createHash('sha256');
  hash.update(`directo-codegen cache ${ENTRY_VERSION}\0`);
  hashPlainData(hash, models);
  hashTree(hash, templatesDir);
  hashTree(hash, GENERATOR_DIR);
  for (const [name, from] of PRINTING_PACKAGES) {
    hash.update(`${name}@${packageVersion(name, from)}\0`);
  }

  return hash.digest('hex');
}

/** The digest of every file under `dir`, with their paths; that of nothing when it is absent. */
export function digestTree(dir: string): string {
  const hash = createHash('sha256');
  hashTree(hash, dir);

  return hash.digest('hex');
}

// Reads synchronously: for a hundred small files that is several times quicker than a
// promise per file, and nothing else runs meanwhile. Every entry counts, not only files: a
// link, a pipe or an empty folder left in the output folder makes it differ too.
function hashTree(hash: Hash, dir: string): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return;
  }
  const named = entries
    .map((entry) => ({
      entry,
      name: path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { entry, name } of named) {
    const where = path.join(dir, name);
    if (entry.isFile()) hashFile(hash, name, where);
    else if (entry.isDirectory()) hash.update(`d${name}\0`);
    else if (entry.isSymbolicLink()) hash.update(`l${name}\0${readlinkSync(where)}\0`);
    else hash.update(`o${name}\0`);
  }
}

// A file's size and content, read in bounded memory; a file that cannot be read as a
// regular file (one replaced by a pipe since the folder was listed, or unreadable) counts
// as something else, so the output folder differs from anything a run wrote.
function hashFile(hash: Hash, name: string, where: string): void {
  const isRead = withRegularFile(where, (handle) => {
    hash.update(`f${name}\0${fstatSync(handle).size}\0`);
    readChunks(handle, (chunk) => hash.update(chunk));
    return true;
  });
  if (isRead !== true) hash.update(`u${name}\0`);
}

// Hashes plain data unambiguously: every value is tagged with its kind, and strings with
// their length. A Map, a class instance or a function has no plain form, so it throws
// rather than hash as `{}` and let two different models share a digest.
function hashPlainData(hash: Hash, value: unknown): void {
  const parts: string[] = [];
  encodePlainData(parts, value);
  // One update: a native call per small part costs more than the encoding itself.
  hash.update(parts.join(''));
}

function encodePlainData(parts: string[], value: unknown): void {
  if (value === undefined || value === null) parts.push(value === null ? 'n' : 'u');
  else if (typeof value === 'string') parts.push(`s${value.length}:`, value);
  else if (typeof value === 'number' || typeof value === 'boolean') {
    parts.push(`${(typeof value)[0]}${String(value)};`);
  } else if (Array.isArray(value)) {
    parts.push(`a${value.length}[`);
    for (const item of value) encodePlainData(parts, item);
  } else if (isPlainObject(value)) {
    const keys = Object.keys(value).filter((key) => value[key] !== undefined);
    parts.push(`o${keys.length}{`);
    for (const key of keys) {
      parts.push(`${key.length}:${key}`);
      encodePlainData(parts, value[key]);
    }
  } else throw new TypeError(`cannot digest a ${Object.prototype.toString.call(value)}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;

  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

// The version of an installed package, read from the package.json above its entry point,
// since not every package exports its package.json.
function packageVersion(name: string, from: string | undefined): string {
  const base = from === undefined ? GENERATOR_DIR : (packageDir(from, GENERATOR_DIR) ?? '');
  const dir = packageDir(name, base);

  return dir === undefined ? 'absent' : String(readManifest(dir)?.version);
}

function packageDir(name: string, from: string): string | undefined {
  let dir: string;
  try {
    dir = path.dirname(require.resolve(name, { paths: [from] }));
  } catch {
    return undefined;
  }
  for (; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (readManifest(dir)?.name === name) return dir;
  }
  return undefined;
}

function readManifest(dir: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return require(path.join(dir, 'package.json')) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}
