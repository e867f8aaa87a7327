// The folder of the directo-codegen package itself, where `templates/` and `package.json`
// live. This module runs from `generator/` in development and tests, and from the compiled
// `dist/generator/` otherwise, so the root is found by looking upwards, not by a fixed path.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root folder: the nearest one above this module with a `package.json`. */
export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}
