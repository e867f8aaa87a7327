// One generation at a time writes an output folder. Two runs swapping the same folder at
// once could each set aside what the other just put in place, so a run that writes holds a
// lock file beside the output folder, `.<out>.lock`, from before it looks at the folder
// until its write is done; another run waits for it.
//
// The lock file names the run that holds it (see run-identity.ts). One left by a run that
// was killed, on this machine and in this process namespace, is taken over at once. One
// held elsewhere cannot be judged, so a run waits for it, and after LOCK_WAIT_MS gives up
// with an error naming the file.
//
// Known shortcoming: two runs finding the same abandoned lock at the same instant may both
// take it over, and then run at once, as runs did before there was a lock.

import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

import { InputError } from '../diagnostics.js';
import { isProcessRunning, RUN_TAG } from './run-identity.js';

/** How long a run waits for another to finish writing the same folder. */
export const LOCK_WAIT_MS = 60_000;

const POLL_MS = 100;

/** Who holds a lock. */
interface LockOwner {
  readonly tag: string;
  readonly pid: number;
}

/** Releases a lock; safe to call more than once. */
export type ReleaseLock = () => Promise<void>;

/** The lock file of the output folder `target`. */
export function lockFileFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.lock`);
}

/**
 * Takes the lock of `target`, waiting up to `waitMs` for another run to release it;
 * `onWait` is told once, when the run starts waiting.
 */
export async function lockOutputFolder(
  target: string,
  onWait: (owner: string) => void,
  waitMs = LOCK_WAIT_MS,
): Promise<ReleaseLock> {
  const file = lockFileFor(target);
  const deadline = Date.now() + waitMs;
  let hasWaited = false;
  for (;;) {
    if (await tryCreate(file)) return release(file);
    const owner = await readOwner(file);
    if (owner === undefined) continue;
    if (owner.tag === RUN_TAG && !isProcessRunning(owner.pid)) {
      await rm(file, { force: true });
      continue;
    }
    if (Date.now() >= deadline) throw lockTimeout(file, owner, waitMs);
    if (!hasWaited) onWait(describeOwner(owner));
    hasWaited = true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

// Creates the file only if it does not exist, which is atomic on every local file system.
async function tryCreate(file: string): Promise<boolean> {
  try {
    const handle = await open(file, 'wx');
    await handle.writeFile(`${JSON.stringify({ tag: RUN_TAG, pid: process.pid })}\n`);
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

// The owner written in the lock file; undefined when the file is gone (released meanwhile)
// or, when unreadable, an owner that can never be taken over.
async function readOwner(file: string): Promise<LockOwner | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    if (typeof owner.tag === 'string' && typeof owner.pid === 'number') {
      return { tag: owner.tag, pid: owner.pid };
    }
  } catch {
    // A lock being written this instant reads as empty; it is waited for like any other.
  }

  return { tag: '', pid: 0 };
}

function release(file: string): ReleaseLock {
  let isReleased = false;

  return async () => {
    if (isReleased) return;
    isReleased = true;
    await rm(file, { force: true });
  };
}

function describeOwner(owner: LockOwner): string {
  if (owner.tag === RUN_TAG) return `process ${owner.pid}`;

  return owner.tag === '' ? 'a run' : `process ${owner.pid} of another machine or container`;
}

function lockTimeout(file: string, owner: LockOwner, waitMs: number): InputError {
  const message =
    `another generation (${describeOwner(owner)}) has held this lock for ${waitMs / 1000} s; ` +
    'if no generation is running, remove the file';

  return new InputError([{ severity: 'error', location: { file, line: 1, column: 1 }, message }]);
}
