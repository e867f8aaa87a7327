// Writes generated files to disk, or compares them with what is there.
//
// A write is all or nothing: the new tree is built in a staging folder of its own beside the
// output folder, then swapped in with two renames. Until the swap, the output folder is
// untouched, and a run that fails removes its staging folder. A run killed outright leaves
// its folders behind, and a later run cleans up after it (see abandoned-folders.ts);
// nothing else beside the output folder is ever removed.

import { chmod, chown, cp, lstat, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { fstatSync, readdirSync, readFileSync, readSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';

import { hasGeneratedBanner, type GeneratedFile } from '../emit/generated-file.js';
import { errorAt, InputError, systemErrorReason } from '../diagnostics.js';
import { makeWorkFolder, markOld } from './abandoned-folders.js';
import { closeFolders, openFolders, removeFolder } from './read-only-folders.js';
import { replacedFolder } from './output-path.js';
import { withRegularFile } from './regular-file.js';

/** Which part of the output folder a run owns: all of it, or some folders in it. */
export interface OutputScope {
  /**
   * The folders the run replaces whole, some components' and the runtime's; undefined when
   * the run regenerated every component.
   */
  readonly components: readonly string[] | undefined;
}

/** How the output folder differs from what the generator would write. */
export interface TreeDifference {
  readonly path: string;
  /** `foreign`: not a regular file with the generated banner, which a write would refuse. */
  readonly kind: 'changed' | 'missing' | 'extra' | 'foreign';
}

/**
 * Compares the files with the output folder, within the scope. Reads synchronously: for the
 * few dozen small files of a component each, that is several times quicker than a promise
 * per file, and nothing else runs meanwhile.
 */
export function diffOutputTree(
  outDir: string,
  files: readonly GeneratedFile[],
  scope: OutputScope,
): TreeDifference[] {
  const existing = listFiles(outDir);
  const differences: TreeDifference[] = [];
  for (const file of files) {
    const difference = compareFile(outDir, file, existing.has(file.path));
    if (difference !== undefined) differences.push({ path: file.path, kind: difference });
  }

  const wanted = new Set(files.map((file) => file.path));
  for (const file of [...existing].sort()) {
    if (wanted.has(file) || !isInScope(file, scope)) continue;
    const isGenerated = isGeneratedFile(path.join(outDir, file));
    differences.push({ path: file, kind: isGenerated ? 'extra' : 'foreign' });
  }

  return differences.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

// A file is read only once it is known to be a regular file with the generated banner, so
// a pipe, a link or an unreadable file is reported rather than waited on or failed on; one
// whose size differs is not read at all, however large it is.
function compareFile(
  outDir: string,
  file: GeneratedFile,
  isPresent: boolean,
): TreeDifference['kind'] | undefined {
  if (!isPresent) return 'missing';
  const kind = withRegularFile(path.join(outDir, file.path), (handle) => {
    if (!startsWithBanner(handle)) return 'foreign';
    if (fstatSync(handle).size !== Buffer.byteLength(file.content, 'utf8')) return 'changed';
    return readFileSync(handle, 'utf8') === file.content ? 'same' : 'changed';
  });

  return kind === 'same' ? undefined : (kind ?? 'foreign');
}

/**
 * Files a write would delete or overwrite (those in its scope, and those it writes) that
 * carry no generated banner, at most `limit` of them in path order. The caller refuses to
 * write instead. The walk stops at the limit, so an `--out` naming a
 * large folder by mistake is reported at once.
 */
export function findForeignFiles(
  outDir: string,
  files: readonly GeneratedFile[],
  scope: OutputScope,
  limit: number,
): string[] {
  const written = new Set(files.flatMap((file) => parentsAndSelf(file.path)));
  const isTouched = (relative: string) => isInScope(relative, scope) || written.has(relative);
  const foreign: string[] = [];
  const visit = (prefix: string): void => {
    const entries = readEntries(outDir, prefix);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (foreign.length >= limit || !isTouched(relative)) continue;
      if (entry.isDirectory()) visit(relative);
      else if (!isGeneratedFile(path.join(outDir, relative))) foreign.push(relative);
    }
  };
  visit('');

  return foreign;
}

// `a/b/c.ts` → `a`, `a/b`, `a/b/c.ts`.
function parentsAndSelf(file: string): string[] {
  const parts = file.split('/');
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'));
}

// A regular file that starts with the generated banner; anything else (a link, a pipe that
// would block a read) is not.
function isGeneratedFile(file: string): boolean {
  return withRegularFile(file, startsWithBanner) === true;
}

// Reads from the start without moving the file's position, so the whole file can be read
// after it; a file that cannot be read is not known to be generated.
function startsWithBanner(handle: number): boolean {
  try {
    const buffer = Buffer.alloc(64);
    const bytesRead = readSync(handle, buffer, 0, buffer.length, 0);
    return hasGeneratedBanner(buffer.subarray(0, bytesRead).toString('utf8'));
  } catch {
    return false;
  }
}

/** What a write changed, and an old tree it could not remove once the new one was in. */
export interface TreeWrite {
  readonly differences: TreeDifference[];
  readonly leftover?: { readonly folder: string; readonly reason: string };
}

/** Replaces the scope of the output folder with the files. */
export async function writeOutputTree(
  outDir: string,
  files: readonly GeneratedFile[],
  scope: OutputScope,
): Promise<TreeWrite> {
  const differences = diffOutputTree(outDir, files, scope);
  if (differences.length === 0) return { differences };

  const target = await replacedFolder(outDir);
  await mkdir(path.dirname(target), { recursive: true });
  const staging = await makeWorkFolder(target, 'staging');
  // The folder the old tree is set aside in, once it has been moved there.
  let retired: string | undefined;
  let aside: string | undefined;
  try {
    await stageTree(target, staging, files, scope);
    if (await exists(target)) {
      aside = await makeWorkFolder(target, 'previous');
      await rename(target, aside);
      retired = aside;
    }
    await rename(staging, target);
  } catch (error) {
    // Made but never filled: a later run removes it if this cannot.
    if (aside !== undefined && retired === undefined) {
      await removeFolder(aside).catch(() => undefined);
    }
    const setAside = await undoSwap(target, staging, retired);
    throw setAside === undefined ? error : swapCutError(error, setAside);
  }

  const leftover = retired === undefined ? undefined : await removeOldTree(retired, target);
  return { differences, leftover };
}

// The new tree is in place. The old one is first renamed to a name no later run takes for an
// output folder to put back, so that a run killed while removing it leaves only a folder to
// remove; an old tree that cannot be removed is left behind under that name.
async function removeOldTree(retired: string, target: string) {
  const old = await markOld(retired, target);
  try {
    await removeFolder(old);
    return undefined;
  } catch (error) {
    return { folder: old, reason: systemErrorReason(error) };
  }
}

// The write failed, and so did putting the old output folder back: say where it is.
function swapCutError(error: unknown, setAside: string): InputError {
  const message =
    `cannot write the output folder: ${systemErrorReason(error)}; the old output folder ` +
    'is set aside here, and the next run puts it back';

  return new InputError([errorAt(setAside, message)]);
}

// Puts the output folder back if it was set aside, and removes what was made for it. A
// failure here is not reported over the one that stopped the write. A set-aside folder that
// cannot be put back stays, with the staging folder that marks the swap as cut, so that the
// next run puts it back (see abandoned-folders.ts); it is returned. Known shortcoming: an
// output folder made by another program in the middle of the swap is kept over the old one.
async function undoSwap(
  target: string,
  staging: string,
  retired: string | undefined,
): Promise<string | undefined> {
  try {
    if (retired !== undefined) {
      if (!(await exists(target))) await rename(retired, target);
      else await removeFolder(retired);
    }
  } catch {
    return retired;
  }
  await removeFolder(staging).catch(() => undefined);

  return undefined;
}

async function stageTree(
  outDir: string,
  staging: string,
  files: readonly GeneratedFile[],
  scope: OutputScope,
): Promise<void> {
  await mkdir(staging, { recursive: true });
  const current = await stat(outDir).catch(() => undefined);
  if (current?.isDirectory() === true) await takeOwnership(staging, current);
  const openedInCopy =
    scope.components === undefined ? undefined : await copyOutOfScope(outDir, staging, scope);

  for (const file of files) {
    const target = path.join(staging, ...file.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    // A copied file may be read-only; its folder is open by now.
    if (openedInCopy !== undefined) await rm(target, { force: true });
    await writeFile(target, file.content, 'utf8');
  }
  // Last, since a read-only output folder stays read-only, and its staging folder with it.
  await closeFolders(openedInCopy ?? []);
  if (current?.isDirectory() === true) await chmod(staging, current.mode & 0o7777);
}

// A run for some components keeps the rest of the output folder as it is, permissions too:
// it copies the folder, removes the components it replaces, and opens the copy's read-only
// folders for the files it rewrites, to be closed once they are written.
async function copyOutOfScope(outDir: string, staging: string, scope: OutputScope) {
  if (!(await exists(outDir))) return [];
  await cp(outDir, staging, { recursive: true, verbatimSymlinks: true });
  for (const name of scope.components ?? []) await removeFolder(path.join(staging, name));

  return openFolders(staging);
}

// The staging folder takes the output folder's place, so it takes its group too (a shared
// folder's group passes to what is written in it when the folder is setgid), where the
// system lets this user give it; and its permissions, but writable by this run until done.
async function takeOwnership(staging: string, current: Stats): Promise<void> {
  await chown(staging, -1, current.gid).catch(() => undefined);
  await chmod(staging, (current.mode & 0o7777) | 0o700);
}

function isInScope(file: string, scope: OutputScope): boolean {
  if (scope.components === undefined) return true;

  const top = file.split('/')[0] ?? '';
  return scope.components.includes(top);
}

function listFiles(dir: string, prefix = ''): Set<string> {
  const files = new Set<string>();
  for (const entry of readEntries(dir, prefix)) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) for (const file of listFiles(dir, relative)) files.add(file);
    else files.add(relative);
  }

  return files;
}

// The entries of a folder in the output folder, none when the output folder does not exist.
// A folder that cannot be read is an error, since what it holds could otherwise be replaced
// unseen. So is one listed but then missing: its name is not valid UTF-8, so it cannot be
// named again as read, or it was removed meanwhile.
function readEntries(outDir: string, prefix: string): Dirent[] {
  const dir = path.join(outDir, prefix);
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (prefix === '') return [];
    const message =
      'cannot read this folder in the output folder: its name is not valid UTF-8, or it ' +
      'was removed during the run';
    throw new InputError([errorAt(dir, message)]);
  }
}

async function exists(target: string): Promise<boolean> {
  return (await lstat(target).catch(() => undefined)) !== undefined;
}
