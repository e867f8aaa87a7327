// Finds the components under the schemas folder. A component is a folder holding
//
//   ws_*.xsd          what a get returns (optional: some components are put-only)
//   xml_IN_*.xsd      what a put accepts (optional: some components are get-only)
//   *.txt or *.tsv    the wiki's field table (optional)
//   component.json    a manifest, only when the defaults need overriding
//
// Adding a component therefore takes files only. The manifest is read in
// component-manifest.ts.

import type { Dirent, Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

import type { DiagnosticBag } from '../diagnostics.js';
import { fileLocation, systemErrorReason } from '../diagnostics.js';
import { MANIFEST, readManifest, type Manifest } from './component-manifest.js';

/** The files that make up one component. */
export interface ComponentFolder {
  readonly name: string;
  readonly dir: string;
  readonly outputFile: string | undefined;
  readonly inputFile: string | undefined;
  readonly tableFile: string | undefined;
  readonly manifest: Manifest;
}

/** Lists the component folders under `schemasDir`, sorted by name. */
export async function findComponentFolders(
  schemasDir: string,
  diagnostics: DiagnosticBag,
): Promise<ComponentFolder[]> {
  const entries = await listDir(schemasDir, diagnostics);
  if (entries === undefined) return [];
  const visible = entries.filter((entry) => !entry.name.startsWith('.'));
  const names = (await entriesOfKind(schemasDir, visible, 'folder', diagnostics)).sort();
  // Generating nothing would empty the output folder: an empty or wrong --schemas is an
  // error, not a request to delete every component.
  if (names.length === 0) {
    diagnostics.error(
      fileLocation(schemasDir),
      'no component folders here; each component is a folder holding its schemas',
    );
  }

  const folders: ComponentFolder[] = [];
  const byFoldedCase = new Map<string, string>();
  for (const name of names) {
    const problem = folderNameProblem(name) ?? caseClash(name, byFoldedCase);
    if (problem !== undefined) {
      diagnostics.error(fileLocation(path.join(schemasDir, name)), problem);
      continue;
    }
    const folder = await readComponentFolder(path.join(schemasDir, name), diagnostics);
    if (folder !== undefined) folders.push(folder);
  }

  return folders;
}

/** Folder names the generated code cannot use: its own, and what tools treat apart. */
const RESERVED_FOLDERS: ReadonlyMap<string, string> = new Map([
  ['runtime', "the generated runtime's folder"],
  ['node_modules', 'which Node and TypeScript treat as installed packages'],
]);

// A component's folder name is also the name of its folder in the output and part of the
// import paths the generated code writes, so it must be a plain name on every file system,
// and not a name the output or the tools reserve (on a file system that ignores case,
// either).
function folderNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    return (
      `component folder name "${name}" cannot name generated code; ` +
      'use ASCII letters, digits, "_" and "-"'
    );
  }
  const reserved = RESERVED_FOLDERS.get(name.toLowerCase());
  if (reserved !== undefined) {
    return `a component folder cannot be named "${name.toLowerCase()}", ${reserved}`;
  }

  return undefined;
}

// Two folders whose names differ only in case would be one folder of generated code on a
// file system that ignores case, and TypeScript refuses imports that differ so.
function caseClash(name: string, byFoldedCase: Map<string, string>): string | undefined {
  const folded = name.toLowerCase();
  const other = byFoldedCase.get(folded);
  if (other !== undefined) {
    return `component folder "${name}" differs from "${other}" only in case; rename one`;
  }
  byFoldedCase.set(folded, name);

  return undefined;
}

// The names of the entries that are `kind`, or links to one. A link that cannot be followed
// is an error: skipping it would drop a component, or a schema, without a word.
async function entriesOfKind(
  dir: string,
  entries: readonly Dirent[],
  kind: 'folder' | 'file',
  diagnostics: DiagnosticBag,
): Promise<string[]> {
  const names: string[] = [];
  for (const entry of entries) {
    const file = path.join(dir, entry.name);
    let found: Dirent | Stats = entry;
    if (entry.isSymbolicLink()) {
      try {
        found = await stat(file);
      } catch (error) {
        diagnostics.error(fileLocation(file), unfollowedLink(error as NodeJS.ErrnoException));
        continue;
      }
    }
    if (kind === 'folder' ? found.isDirectory() : found.isFile()) names.push(entry.name);
  }

  return names;
}

function unfollowedLink(error: NodeJS.ErrnoException): string {
  const { code } = error;
  if (code === 'ENOENT') return 'a link that leads nowhere';
  if (code === 'ELOOP') return 'a link that leads round in a loop';

  return `a link that cannot be followed: ${systemErrorReason(error)}`;
}

async function listDir(dir: string, diagnostics: DiagnosticBag) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    diagnostics.error(
      fileLocation(dir),
      code === 'ENOENT' ? 'folder not found' : `cannot read folder (${code ?? error})`,
    );
    return undefined;
  }
}

/** Reads one component folder: its manifest and which file plays which part. */
export async function readComponentFolder(
  dir: string,
  diagnostics: DiagnosticBag,
): Promise<ComponentFolder | undefined> {
  const entries = (await listDir(dir, diagnostics)) ?? [];
  const files = (await entriesOfKind(dir, entries, 'file', diagnostics)).sort();
  const manifest = files.includes(MANIFEST)
    ? await readManifest(path.join(dir, MANIFEST), diagnostics)
    : {};
  if (manifest === undefined) return undefined;

  const pick = (role: string, explicit: string | undefined, matches: (file: string) => boolean) =>
    pickFile(dir, files, role, explicit, matches, diagnostics);
  const outputFile = pick('get schema (ws_*.xsd)', manifest.output, isOutputSchema);
  const inputFile = pick('put schema (xml_IN_*.xsd)', manifest.input, isInputSchema);
  const tableFile = pick('field table (*.txt, *.tsv)', manifest.fieldTable, isFieldTable);
  reportStrayFiles(dir, files, [outputFile, inputFile, tableFile], diagnostics);
  if (outputFile === undefined && inputFile === undefined) {
    diagnostics.error(fileLocation(dir), 'component folder has no ws_*.xsd or xml_IN_*.xsd schema');
    return undefined;
  }

  return { name: path.basename(dir), dir, outputFile, inputFile, tableFile, manifest };
}

function isOutputSchema(file: string): boolean {
  return /^ws_.*\.xsd$/i.test(file);
}

function isInputSchema(file: string): boolean {
  return /^xml_in_.*\.xsd$/i.test(file);
}

function isFieldTable(file: string): boolean {
  return /\.(txt|tsv)$/i.test(file);
}

function pickFile(
  dir: string,
  files: readonly string[],
  role: string,
  explicit: string | undefined,
  matches: (file: string) => boolean,
  diagnostics: DiagnosticBag,
): string | undefined {
  if (explicit !== undefined) return path.resolve(dir, explicit);

  const candidates = files.filter(matches);
  if (candidates.length > 1) {
    diagnostics.error(
      fileLocation(path.join(dir, candidates[1] ?? '')),
      `more than one ${role}: ${candidates.join(', ')}; name the one to use in ${MANIFEST}`,
    );
  }

  return candidates[0] === undefined ? undefined : path.join(dir, candidates[0]);
}

function reportStrayFiles(
  dir: string,
  files: readonly string[],
  used: readonly (string | undefined)[],
  diagnostics: DiagnosticBag,
): void {
  for (const file of files) {
    const full = path.join(dir, file);
    if (!file.toLowerCase().endsWith('.xsd') || used.includes(full)) continue;
    const role = isOutputSchema(file) ? 'output' : isInputSchema(file) ? 'input' : undefined;
    diagnostics.error(
      fileLocation(full),
      role === undefined
        ? 'cannot tell whether this is a get (ws_*.xsd) or put (xml_IN_*.xsd) schema; ' +
            `rename it or name it in ${MANIFEST}`
        : `not used: ${MANIFEST} names another file as "${role}"; remove one of the two`,
    );
  }
}
