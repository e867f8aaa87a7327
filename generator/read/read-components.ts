// The reading stage as a whole: finds component folders and reads every file in them.

import path from 'node:path';

import type { DiagnosticBag } from '../diagnostics.js';
import type { ComponentSources } from '../model/to-component-model.js';
import { findComponentFolders, type ComponentFolder } from './component-folder.js';
import { readFieldTable } from './field-table.js';
import { readSchemaFile } from './schema-file.js';

/** Reads every component under `schemasDir`, in folder name order. */
export async function readComponents(
  schemasDir: string,
  diagnostics: DiagnosticBag,
): Promise<ComponentSources[]> {
  const root = path.resolve(schemasDir);
  const folders = await findComponentFolders(root, diagnostics);
  const baseDir = path.dirname(root);
  const sources: ComponentSources[] = [];
  for (const folder of folders) sources.push(await readComponent(folder, baseDir, diagnostics));

  return sources;
}

async function readComponent(
  folder: ComponentFolder,
  baseDir: string,
  diagnostics: DiagnosticBag,
): Promise<ComponentSources> {
  const [output, input, table] = await Promise.all([
    folder.outputFile === undefined ? undefined : readSchemaFile(folder.outputFile, diagnostics),
    folder.inputFile === undefined ? undefined : readSchemaFile(folder.inputFile, diagnostics),
    folder.tableFile === undefined ? undefined : readFieldTable(folder.tableFile, diagnostics),
  ]);

  return { folder, baseDir, output, input, table };
}
