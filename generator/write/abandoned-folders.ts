// The staging and retired folders a write makes beside the output folder, named so that a
// later run can tell one left behind by a run killed outright (kill -9, a machine that lost
// power) from anything else, and clean up after it without losing anything.
//
// A name reads `.<out>.staging-<run>-<pid>-` and six random characters, or `previous-`
// for the old tree during the swap, or `old-` for the old tree once the new one is in place,
// renamed so before it is removed. `<run>` is a short digest of this machine's name and
// of its process namespace, so that a folder on a disk shared with another machine or
// container is never judged by this one's process list; `<pid>` is the run that made it.
// A folder is abandoned when its name has exactly this form and names this machine and
// namespace, it is a folder (not a file or a link), and no process with its number exists.
// A process that exists, even one that merely reuses the number, keeps its folder.
//
// What is done with an abandoned folder depends on what it holds:
// - A `previous-` folder, while the output folder is missing and its run's `staging-` folder
//   is still there, is the old tree of a swap that was cut between its two renames: it is
//   put back as the output folder, so nothing the output folder held is lost. Otherwise it
//   is removed: beside an output folder, or with the staging folder gone, it is a finished
//   swap's old tree (the output folder may since have been deleted on purpose); and an
//   empty one never received the output folder.
// - An `old-` folder is an old tree only: it is removed, never put back.
// - A `staging-` folder holds a tree that was never swapped in. As one more guard against a
//   live run elsewhere that this machine cannot see, it is removed only once it has not
//   changed for STALE_AFTER_MS; a run writes its staging folder in seconds.

import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename } from 'node:fs/promises';
import path from 'node:path';

import { systemErrorReason } from '../diagnostics.js';
import { removeFolder } from './read-only-folders.js';
import { isProcessRunning, RUN_TAG } from './run-identity.js';

/** The folders a write may leave beside the output folder. */
export type WorkFolderRole = 'staging' | 'previous' | 'old';

/** What was done with one abandoned folder. */
export interface CleanUp {
  readonly folder: string;
  readonly role: WorkFolderRole;
  readonly action: 'restored' | 'removed' | 'failed';
  /** What was tried: for `failed`, whether the folder was to be put back or removed. */
  readonly attempted: 'restored' | 'removed';
  /** Why removing or restoring failed. */
  readonly reason?: string;
}

/** How long a staging folder must be unchanged before it counts as abandoned. */
export const STALE_AFTER_MS = 10 * 60 * 1000;

/**
 * Makes this run's `role` folder beside `target`. Unlike mkdtemp, which makes a folder only
 * its owner may enter, this gives the permissions of any new folder: the staging folder
 * becomes the output folder, which others may need to read.
 */
export async function makeWorkFolder(target: string, role: WorkFolderRole): Promise<string> {
  for (;;) {
    const folder = `${workFolderPrefix(target, role)}${randomBytes(3).toString('hex')}`;
    try {
      await mkdir(folder);
      return folder;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Renames the old tree set aside at `retired`, once the new tree is in place, so that no
 * later run takes it for an output folder to put back. Returns where it is now: still
 * `retired` if it could not be renamed.
 */
export async function markOld(retired: string, target: string): Promise<string> {
  const old = `${workFolderPrefix(target, 'old')}${randomBytes(3).toString('hex')}`;

  return rename(retired, old).then(
    () => old,
    () => retired,
  );
}

/** The name of this run's `role` folder beside `target`, but for six random characters. */
export function workFolderPrefix(target: string, role: WorkFolderRole): string {
  const base = `.${path.basename(target)}.${role}-${RUN_TAG}-${process.pid}-`;

  return path.join(path.dirname(target), base);
}

/**
 * Cleans up after runs killed while writing `target`: puts back an output folder a cut swap
 * left aside, and removes the rest. Returns what it did, in name order.
 */
export async function cleanUpAbandonedFolders(
  target: string,
  now = Date.now(),
): Promise<CleanUp[]> {
  const all = await findWorkFolders(target);
  const found = all.filter((entry) => entry.isAbandoned);
  const done: CleanUp[] = [];
  const isVacant = await isVacantFolder(target);
  for (const entry of found.filter((each) => each.role === 'previous')) {
    const action = isVacant && (await isToPutBack(entry, all)) ? 'restored' : 'removed';
    done.push(await settle(entry.folder, 'previous', action, target));
  }
  for (const { folder } of found.filter((entry) => entry.role === 'old')) {
    done.push(await settle(folder, 'old', 'removed', target));
  }
  // A staging folder stays while its run's output folder could not be put back: it is what
  // marks that folder as one to put back.
  const failed = new Set(done.filter(isUnrestored).map((each) => each.folder));
  const unrestored = new Set(found.filter((each) => failed.has(each.folder)).map((e) => e.pid));
  for (const { folder, pid, changed } of found.filter((entry) => entry.role === 'staging')) {
    if (now - changed >= STALE_AFTER_MS && !unrestored.has(pid)) {
      done.push(await settle(folder, 'staging', 'removed', target));
    }
  }

  return done;
}

function isUnrestored(cleanUp: CleanUp): boolean {
  return cleanUp.attempted === 'restored' && cleanUp.action === 'failed';
}

interface WorkFolder {
  readonly folder: string;
  readonly role: WorkFolderRole;
  /** The process of the run that made it. */
  readonly pid: string;
  /** When the folder last changed, in milliseconds since the epoch. */
  readonly changed: number;
  /** Whether its run is known to have ended: of this machine, and its process gone. */
  readonly isAbandoned: boolean;
}

// The work folders beside `target`, of every run: folders only, never files or links.
async function findWorkFolders(target: string): Promise<WorkFolder[]> {
  const dir = path.dirname(target);
  const pattern = workFolderPattern(path.basename(target));
  const names = await readdir(dir).catch(() => [] as string[]);
  const found: WorkFolder[] = [];
  for (const name of names.sort()) {
    const [, role, tag, pid = ''] = pattern.exec(name) ?? [];
    if (role === undefined) continue;
    const folder = path.join(dir, name);
    const stats = await lstat(folder).catch(() => undefined);
    if (stats?.isDirectory() !== true) continue;
    const isAbandoned = tag === RUN_TAG && !isProcessRunning(Number(pid));
    found.push({ folder, role: role as WorkFolderRole, pid, changed: stats.mtimeMs, isAbandoned });
  }

  return found;
}

// A set-aside folder holds the output folder to put back when its run's swap was cut
// between its two renames: its staging folder is still there. An empty one never received
// the output folder; with the staging folder gone, the new tree had been put in place.
async function isToPutBack(entry: WorkFolder, all: readonly WorkFolder[]): Promise<boolean> {
  const isCut = all.some((each) => each.role === 'staging' && each.pid === entry.pid);
  const isEmpty = (await readdir(entry.folder).catch(() => [undefined])).length === 0;

  return isCut && !isEmpty;
}

// Missing, or an empty folder in its place (made by `mkdir -p` in a build, say), which
// putting back replaces.
async function isVacantFolder(target: string): Promise<boolean> {
  const stats = await lstat(target).catch(() => undefined);
  if (stats === undefined) return true;

  return stats.isDirectory() && (await readdir(target).catch(() => [undefined])).length === 0;
}

async function settle(
  folder: string,
  role: WorkFolderRole,
  action: 'restored' | 'removed',
  target: string,
): Promise<CleanUp> {
  try {
    if (action === 'restored') await rename(folder, target);
    else await removeFolder(folder);
    return { folder, role, action, attempted: action };
  } catch (error) {
    const reason = systemErrorReason(error);
    return { folder, role, action: 'failed', attempted: action, reason };
  }
}

/** An output folder set aside by a run cut short, to be put back. */
export interface SetAside {
  readonly folder: string;
  /** The process of the run that set it aside. */
  readonly pid: string;
  /** False when its run may still be going: its process exists, or is another machine's. */
  readonly isAbandoned: boolean;
}

/** The output folders set aside beside `target` to be put back, while `target` is vacant. */
export async function findSetAside(target: string): Promise<SetAside[]> {
  if (!(await isVacantFolder(target))) return [];
  const all = await findWorkFolders(target);
  const setAside: SetAside[] = [];
  for (const entry of all.filter((each) => each.role === 'previous')) {
    const { folder, pid, isAbandoned } = entry;
    if (await isToPutBack(entry, all)) setAside.push({ folder, pid, isAbandoned });
  }

  return setAside;
}

/** True when `name` has the form of a work folder's name, for any output folder and run. */
export function isWorkFolderName(name: string): boolean {
  return /^\..+\.(staging|previous|old)-[0-9a-f]{8}-[0-9]+-[^/]{6}$/.test(name);
}

// The names makeWorkFolder makes: six characters follow the prefix.
function workFolderPattern(base: string): RegExp {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  return new RegExp(`^\\.${escaped}\\.(staging|previous|old)-([0-9a-f]{8})-([0-9]+)-[^/]{6}$`);
}
