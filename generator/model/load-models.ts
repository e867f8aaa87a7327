// Reads and merges every component under a schemas folder. loadModels is for tools that
// need the models but write nothing (the local Directo server); errors throw an InputError,
// as in generate, which merges with mergeComponents.

import path from 'node:path';

import { DiagnosticBag } from '../diagnostics.js';
import { readComponents } from '../read/read-components.js';
import type { ComponentModel } from './component-model.js';
import { checkComponentNames } from './component-names.js';
import { toComponentModel, type ComponentSources } from './to-component-model.js';

/** The models of every component, and the warnings found while merging them. */
export interface LoadedModels {
  readonly models: readonly ComponentModel[];
  readonly diagnostics: DiagnosticBag;
  /** The folder model paths (`schemas/contact/…`) are relative to. */
  readonly baseDir: string;
}

/** Loads every component under `schemasDir`. */
export async function loadModels(schemasDir: string): Promise<LoadedModels> {
  const diagnostics = new DiagnosticBag();
  const sources = await readComponents(schemasDir, diagnostics);
  diagnostics.throwIfErrors();
  const models = mergeComponents(sources, diagnostics);
  diagnostics.throwIfErrors();

  return { models, diagnostics, baseDir: path.dirname(path.resolve(schemasDir)) };
}

/** Merges each component's sources into its model, and checks the names they share. */
export function mergeComponents(
  sources: readonly ComponentSources[],
  diagnostics: DiagnosticBag,
): ComponentModel[] {
  const models = sources
    .map((source) => toComponentModel(source, diagnostics))
    .filter((model): model is ComponentModel => model !== undefined);
  checkComponentNames(models, sources, diagnostics);

  return models;
}
