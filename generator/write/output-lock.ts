// One generation at a time writes an output folder. Two runs swapping the same folder at
// once could each set aside what the other just put in place, so a run that writes holds a
// lock file beside the output folder, `.<out>.lock`, from before it looks at the folder
// until its write is done; another run waits for it.
//
// The lock file names the run that holds it (see run-identity.ts) and carries a nonce of
// its own, so that a run releases only its own lock. It is written whole under a temporary
// name and linked into place, which either creates it or fails, so it is never seen empty.
// A lock whose holder is gone (on this machine and in this process namespace) is taken over;
// so is one that cannot be read as a lock and has not changed for UNREADABLE_AFTER_MS. A
// lock held on this machine by a live process is waited for as long as it takes; one held
// elsewhere cannot be judged, and is waited for up to LOCK_WAIT_MS.
//
// Taking over moves the old lock aside and checks that what was moved is the lock judged
// gone: if another run took it over first and locked again, its lock is put back. Known
// shortcoming: a third run locking in the instant between the two may then hold the lock
// together with that other run.
//
// The draft of a lock and a lock moved aside are files of their own beside it, named
// `.<out>.lock.draft-` or `.lock.gone-`, the run's tag and process, and a nonce. A run
// killed while one exists leaves it behind; whoever next holds the lock removes those whose
// process is gone, judged as a lock is.

import { randomBytes } from 'node:crypto';
import { link, lstat, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { errorAt, InputError, systemErrorReason } from '../diagnostics.js';
import { isProcessRunning, RUN_TAG } from './run-identity.js';

/** How long a run waits for a lock held on another machine or in another container. */
export const LOCK_WAIT_MS = 60_000;

/** How long a lock file that cannot be read as a lock must stay unchanged to be taken over. */
const UNREADABLE_AFTER_MS = 10_000;

const POLL_MS = 100;

/** Who holds a lock, as its file says; `text` is the file's whole content. */
interface LockOwner {
  readonly tag: string;
  readonly pid: number;
  readonly text: string;
  readonly changed: number;
}

/** Releases a lock; safe to call more than once. */
export type ReleaseLock = () => Promise<void>;

/** The lock file of the output folder `target`. */
export function lockFileFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.lock`);
}

/**
 * Takes the lock of `target`, waiting for another run to release it; `onWait` is told who
 * holds it, once per holder.
 */
export async function lockOutputFolder(
  target: string,
  onWait: (owner: string) => void,
  waitMs = LOCK_WAIT_MS,
): Promise<ReleaseLock> {
  const file = lockFileFor(target);
  const text = `${JSON.stringify({ tag: RUN_TAG, pid: process.pid, nonce: nonce() })}\n`;
  // No holder yet: an empty lock file reads as '', so the start must differ from any text.
  let waitingFor: { text: string | undefined; since: number } = { text: undefined, since: 0 };
  for (;;) {
    if (await tryCreate(file, text)) {
      await removeLeftWorkFiles(file);
      return release(file, text);
    }
    const owner = await readOwner(file);
    if (owner === undefined) continue;
    if (isGone(owner)) {
      await takeOver(file, owner).catch((error: unknown) => {
        throw cannotTakeOver(file, error);
      });
      continue;
    }
    if (owner.text !== waitingFor.text) {
      waitingFor = { text: owner.text, since: Date.now() };
      onWait(describeOwner(owner));
    }
    if (!isLocal(owner) && Date.now() - waitingFor.since > waitMs) {
      throw lockTimeout(file, owner, waitMs);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function nonce(): string {
  return randomBytes(8).toString('hex');
}

// Writes the whole lock under a name of its own, then links it into place: a hard link is
// made only where nothing is, atomically. Where the file system has no hard links, the lock
// is created in place, and one left empty by a killed run is taken over once it is old.
async function tryCreate(file: string, text: string): Promise<boolean> {
  const draft = workFileName(file, 'draft');
  await writeFile(draft, text, { flag: 'wx' });
  try {
    await link(draft, file);
    return true;
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    return createInPlace(file, text);
  } finally {
    // A draft left here is removed by a later run, once this one is gone.
    await rm(draft, { force: true }).catch(() => undefined);
  }
}

async function createInPlace(file: string, text: string): Promise<boolean> {
  try {
    await writeFile(file, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

// The holder the lock file names; undefined when there is no file any more. Anything that
// is not a readable lock (a folder, a link, text that is not a lock) is a holder that
// cannot be judged, with tag and pid empty.
async function readOwner(file: string): Promise<LockOwner | undefined> {
  const found = await lstat(file).catch(() => undefined);
  if (found === undefined) return undefined;
  const unknown = {
    tag: '',
    pid: 0,
    text: `?${found.ino}:${found.mtimeMs}`,
    changed: found.mtimeMs,
  };
  if (!found.isFile()) return unknown;
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return unknown;
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    if (typeof owner.tag === 'string' && typeof owner.pid === 'number') {
      return { tag: owner.tag, pid: owner.pid, text, changed: found.mtimeMs };
    }
  } catch {
    // Not a lock this program wrote.
  }

  return { ...unknown, text };
}

function isLocal(owner: LockOwner): boolean {
  return owner.tag === RUN_TAG;
}

function isGone(owner: LockOwner): boolean {
  if (isLocal(owner)) return !isProcessRunning(owner.pid);

  return owner.tag === '' && Date.now() - owner.changed > UNREADABLE_AFTER_MS;
}

// Moves the lock judged gone aside; if what was moved is another lock (its holder took over
// first), puts it back where nothing else is.
async function takeOver(file: string, owner: LockOwner): Promise<void> {
  const aside = workFileName(file, 'gone');
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  // Read as the lock was judged: a link or a pipe by what it is, never through it.
  const moved = (await readOwner(aside))?.text ?? owner.text;
  if (moved !== owner.text) await link(aside, file).catch(() => undefined);
  // One that cannot be removed (another user's, in a shared folder) is left; it is no lock.
  await rm(aside, { recursive: true, force: true }).catch(() => undefined);
}

// A file of this run's own beside the lock; see the top of this file.
function workFileName(file: string, role: 'draft' | 'gone'): string {
  return `${file}.${role}-${RUN_TAG}-${process.pid}-${nonce()}`;
}

// Removes the drafts and set-aside locks of runs on this machine that are gone, as far as it
// can: one this user may not remove stays. Those of live runs, and of other machines, which
// cannot be judged, stay too.
async function removeLeftWorkFiles(file: string): Promise<void> {
  const prefix = `${path.basename(file)}.`;
  const pattern = /^(?:draft|gone)-([0-9a-f]{8})-([0-9]+)-[0-9a-f]{16}$/;
  const names = await readdir(path.dirname(file)).catch(() => []);
  for (const name of names.filter((each) => each.startsWith(prefix))) {
    const [, tag, pid] = pattern.exec(name.slice(prefix.length)) ?? [];
    if (tag !== RUN_TAG || isProcessRunning(Number(pid))) continue;
    const left = path.join(path.dirname(file), name);
    await rm(left, { recursive: true, force: true }).catch(() => undefined);
  }
}

// Removes the lock only while it is still this run's.
function release(file: string, text: string): ReleaseLock {
  let isReleased = false;

  return async () => {
    if (isReleased) return;
    isReleased = true;
    const current = await readFile(file, 'utf8').catch(() => undefined);
    // A lock that cannot be removed names this run, and is taken over once it has ended.
    if (current === text) await rm(file, { force: true }).catch(() => undefined);
  };
}

function describeOwner(owner: LockOwner): string {
  if (isLocal(owner)) return `process ${owner.pid}`;

  return owner.tag === '' ? 'a run' : `process ${owner.pid} of another machine or container`;
}

// A lock judged gone that this user may not move (another user's, in a shared folder).
function cannotTakeOver(file: string, error: unknown): InputError {
  const message =
    `cannot take over this lock, left by a run that has ended: ${systemErrorReason(error)}; ` +
    'its owner or an administrator must remove it';

  return new InputError([errorAt(file, message)]);
}

function lockTimeout(file: string, owner: LockOwner, waitMs: number): InputError {
  const message =
    `another generation (${describeOwner(owner)}) has held this lock for ${waitMs / 1000} s; ` +
    'if no generation is running, remove the file';

  return new InputError([errorAt(file, message)]);
}
