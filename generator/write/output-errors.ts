// File system failures of a write as one-line input errors, each naming the path to look at
// and, where the system's own words would mislead (mkdir's "file already exists", a mount
// point's "resource busy"), what is actually wrong.

import { statSync } from 'node:fs';
import path from 'node:path';

import { errorAt, InputError, systemErrorReason } from '../diagnostics.js';
import { isWorkFolderName } from './abandoned-folders.js';

/**
 * A file system failure while claiming, writing or comparing `outDir`, as a one-line input
 * error naming the path; anything else (a bug) as it is.
 */
export function fileSystemError(error: unknown, outDir: string): unknown {
  if (error instanceof InputError) return error;
  const { code, path: where } = error as NodeJS.ErrnoException;
  if (code === undefined) return error;
  // The run's own work folders are gone by now: what they held is named where it is in
  // the output folder, in the location and in the system's message alike.
  const workFolder = where === undefined ? undefined : workFolderOf(where);
  const location =
    workFolder === undefined ? (where ?? outDir) : inOutput(where ?? '', workFolder, outDir);
  // mkdir names the folder it could not make, not the file standing in the way of it.
  const file = code === 'EEXIST' || code === 'ENOTDIR' ? fileOnTheWay(location) : undefined;
  if (file !== undefined && file !== outDir) {
    const message = 'cannot write the output folder: this is a file, where its path needs a folder';
    return new InputError([errorAt(file, message)]);
  }

  // A mount point (a container's bind mount, say) cannot be renamed, so it cannot be swapped.
  const hint = code === 'EBUSY' ? MOUNT_POINT_HINT : '';

  const reason = systemErrorReason(error);
  const said = workFolder === undefined ? reason : reason.split(workFolder).join(outDir);

  return new InputError([errorAt(location, `cannot write the output folder: ${said}${hint}`)]);
}

// The work folder (staging, or an old tree set aside) that `file` is in, if any.
function workFolderOf(file: string): string | undefined {
  const parts = file.split(path.sep);
  const at = parts.findIndex(isWorkFolderName);

  return at === -1 ? undefined : parts.slice(0, at + 1).join(path.sep);
}

// Where `file`, in a work folder that is a copy of the output folder, is in the output folder.
function inOutput(file: string, workFolder: string, outDir: string): string {
  return path.join(outDir, path.relative(workFolder, file));
}

const MOUNT_POINT_HINT =
  '; an output folder that is a mount point cannot be replaced: mount its parent, or give ' +
  '--out a folder inside it';

// The nearest of `where` and the folders holding it that exists, when it is not a folder.
function fileOnTheWay(where: string): string | undefined {
  for (let current = where; ; current = path.dirname(current)) {
    const found = statOrUndefined(current);
    if (found !== undefined) return found.isDirectory() ? undefined : current;
    if (path.dirname(current) === current) return undefined;
  }
}

function statOrUndefined(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
