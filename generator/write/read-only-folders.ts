// An output folder made read-only against hand edits stays the generator's to replace. A
// write opens its read-only folders where it must change them (removing the old tree, the
// component folders it replaces, the files it rewrites in a copy) and, in a copy that
// becomes the output folder, closes them again afterwards.

import { chmod, lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/** A folder opened for writing, and the permissions to give it back. */
export interface OpenedFolder {
  readonly folder: string;
  readonly mode: number;
}

/**
 * Removes `folder` and all it holds, nothing when it is missing. Where a read-only folder
 * inside stops the removal, the folders are opened and it is tried again; a folder this
 * user does not own still stops it, with the system's error.
 */
export async function removeFolder(folder: string): Promise<void> {
  try {
    await rm(folder, { recursive: true, force: true });
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code !== 'EACCES' && code !== 'EPERM') throw error;
    // Failing again, it reports what first stopped it: a folder it could not empty.
    await openFolders(folder).catch(() => Promise.reject(error));
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * Makes `folder` and the folders under it writable by this user where they are not, and
 * returns those it changed. Links are not followed: what one points at is not ours.
 */
export async function openFolders(folder: string): Promise<OpenedFolder[]> {
  const stats = await lstat(folder).catch(() => undefined);
  if (stats?.isDirectory() !== true) return [];

  const mode = stats.mode & 0o7777;
  const opened = (mode & 0o700) === 0o700 ? [] : [{ folder, mode }];
  if (opened.length > 0) await chmod(folder, mode | 0o700);
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.isDirectory()) opened.push(...(await openFolders(path.join(folder, entry.name))));
  }

  return opened;
}

/** Gives opened folders back their permissions; those since removed are passed over. */
export async function closeFolders(opened: readonly OpenedFolder[]): Promise<void> {
  for (const { folder, mode } of opened) {
    await chmod(folder, mode).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}
