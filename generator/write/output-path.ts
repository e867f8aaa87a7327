// Where a write goes: the folder an --out names, through any symbolic links, as the system
// finds it.

import { lstat, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

import { errorAt, InputError } from '../diagnostics.js';

/** How many symbolic links in a row an --out may go through, as the system allows. */
const MAX_LINK_HOPS = 40;

/**
 * The folder a write into `outDir` replaces: a symbolic link as --out stays a link, and the
 * folder it points to is the one replaced, even when it is missing (a killed run may have
 * set it aside, or a new link may point where nothing was generated yet).
 */
export async function replacedFolder(outDir: string): Promise<string> {
  let current = await systemPath(outDir, outDir);
  for (let hops = 0; hops < MAX_LINK_HOPS; hops += 1) {
    const found = await lstat(current).catch(() => undefined);
    if (found?.isSymbolicLink() !== true) break;
    const pointsTo = await readlink(current);
    const joined = path.isAbsolute(pointsTo)
      ? pointsTo
      : `${path.dirname(current)}${path.sep}${pointsTo}`;
    current = await systemPath(joined, outDir);
  }

  return current;
}

// The absolute path of `file` as the system finds it, each folder on the way resolved by
// the system, links included, and the last name left as it is. Resolving `..` in the text
// instead would be wrong after a link: for `link/../x`, the system goes up from where the
// link points, not from the link itself. A `..` after a missing folder has no answer (the
// system finds nothing; `mkdir -p` would make the folder, then go up from wherever it is),
// so such an --out is refused.
async function systemPath(file: string, outDir: string): Promise<string> {
  const names = path.isAbsolute(file) ? file.split(path.sep) : splitRelative(file);
  let current = path.parse(process.cwd()).root;
  let isMissing = false;
  for (const [index, name] of names.entries()) {
    if (name === '' || name === '.') continue;
    if (name === '..' && isMissing) throw upFromMissing(outDir, current);
    if (name === '..') {
      current = path.dirname(current);
      continue;
    }
    const next = path.join(current, name);
    const isLast = index === names.length - 1;
    const real = isLast ? next : await realpath(next).catch(() => undefined);
    isMissing = real === undefined;
    current = real ?? next;
  }

  return current;
}

// The working folder as the system reports it has no links left in it.
function splitRelative(file: string): string[] {
  return [...process.cwd().split(path.sep), ...file.split(path.sep)];
}

function upFromMissing(outDir: string, missing: string): InputError {
  const message =
    `the output folder is reached by going up (\`..\`) out of ${missing}, ` +
    'which does not exist; name the folder without it';
  return new InputError([errorAt(outDir, message)]);
}

/** What is wrong with `outDir` as an output folder, or undefined: a file, a link to one. */
export async function outputFolderProblem(outDir: string): Promise<string | undefined> {
  const found = await stat(await replacedFolder(outDir)).catch(() => undefined);

  return found === undefined || found.isDirectory()
    ? undefined
    : 'the output folder is a file, not a folder';
}
