// Builds component folders on disk and runs the read and model stages on them.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { DiagnosticBag, formatDiagnostic } from '../../generator/diagnostics.js';
import type { ComponentModel } from '../../generator/model/component-model.js';
import { mergeComponents } from '../../generator/model/load-models.js';
import { readComponents } from '../../generator/read/read-components.js';

/** Writes `files` (name → text) into `schemasDir/component`. */
export async function writeComponent(
  schemasDir: string,
  component: string,
  files: Readonly<Record<string, string>>,
): Promise<void> {
  const dir = path.join(schemasDir, component);
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
}

/** Reads and models every component under `schemasDir`, with messages relative to its parent. */
export async function modelComponents(
  schemasDir: string,
): Promise<{ models: ComponentModel[]; messages: string[] }> {
  const diagnostics = new DiagnosticBag();
  const sources = await readComponents(schemasDir, diagnostics);
  const models = diagnostics.hasErrors ? [] : mergeComponents(sources, diagnostics);
  const base = path.dirname(path.resolve(schemasDir));

  return { models, messages: diagnostics.items.map((d) => formatDiagnostic(d, base)) };
}
