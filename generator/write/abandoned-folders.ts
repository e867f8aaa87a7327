// The staging and retired folders a write makes beside the output folder, named so that a
// later run can tell one left behind by a run killed outright (kill -9, a machine that lost
// power) from anything else, and remove it.
//
// A name reads `.<out>.staging-<host>-<pid>-XXXXXX`, or `previous-` for the old tree during
// the swap. `<host>` is a short digest of this machine's name, so that a folder on a disk
// shared between machines is never judged by another machine's process list; `<pid>` is the
// run that made it. A folder is abandoned when its name has exactly this form, names this
// machine, and its process no longer exists. A process that exists, even one that merely
// reuses the number, keeps its folder.

import { createHash } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The two folders a write may leave beside the output folder. */
export type WorkFolderRole = 'staging' | 'previous';

const HOST = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);

/** The prefix, for mkdtemp, of this run's `role` folder beside `target`. */
export function workFolderPrefix(target: string, role: WorkFolderRole): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.${role}-${HOST}-${process.pid}-`,
  );
}

/**
 * Removes the folders beside `target` that runs on this machine left when they were killed;
 * returns their paths. A folder that cannot be removed is left, and not returned.
 */
export async function removeAbandonedFolders(target: string): Promise<string[]> {
  const dir = path.dirname(target);
  const pattern = workFolderPattern(path.basename(target));
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names.sort()) {
    const match = pattern.exec(name);
    if (match === null || match[1] !== HOST || isRunning(Number(match[2]))) continue;
    const folder = path.join(dir, name);
    const isGone = await rm(folder, { recursive: true, force: true }).then(
      () => true,
      () => false,
    );
    if (isGone) removed.push(folder);
  }

  return removed;
}

// The names workFolderPrefix and mkdtemp make: six characters follow the prefix.
function workFolderPattern(base: string): RegExp {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  return new RegExp(`^\\.${escaped}\\.(?:staging|previous)-([0-9a-f]{8})-([0-9]+)-[^/]{6}$`);
}

// Signal 0 checks that a process exists without touching it; EPERM means it exists but
// belongs to another user.
function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
