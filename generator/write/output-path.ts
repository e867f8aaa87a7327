// Where a write goes: the folder an --out names, through any symbolic links, as the system
// finds it.

import { lstat, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** How many symbolic links in a row an --out may go through, as the system allows. */
const MAX_LINK_HOPS = 40;

/**
 * The folder a write into `outDir` replaces: a symbolic link as --out stays a link, and the
 * folder it points to is the one replaced, even when it is missing (a killed run may have
 * set it aside, or a new link may point where nothing was generated yet).
 */
export async function replacedFolder(outDir: string): Promise<string> {
  let current = await systemPath(outDir);
  for (let hops = 0; hops < MAX_LINK_HOPS; hops += 1) {
    const found = await lstat(current).catch(() => undefined);
    if (found?.isSymbolicLink() !== true) break;
    const pointsTo = await readlink(current);
    const joined = path.isAbsolute(pointsTo)
      ? pointsTo
      : `${path.dirname(current)}${path.sep}${pointsTo}`;
    current = await systemPath(joined);
  }

  return current;
}

// The absolute path of `file` as the system finds it, with the folder holding it resolved
// by the system. Resolving `..` in the text instead would be wrong after a link: for
// `link/../x`, the system goes up from where the link points, not from the link itself.
async function systemPath(file: string): Promise<string> {
  const holder = await realpath(path.dirname(file)).catch(() => undefined);

  return holder === undefined ? path.resolve(file) : path.join(holder, path.basename(file));
}

/** What is wrong with `outDir` as an output folder, or undefined: a file, a link to one. */
export async function outputFolderProblem(outDir: string): Promise<string | undefined> {
  const found = await stat(await replacedFolder(outDir)).catch(() => undefined);

  return found === undefined || found.isDirectory()
    ? undefined
    : 'the output folder is a file, not a folder';
}
