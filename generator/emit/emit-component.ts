// Turns component models into output files: per component `types.ts`, `index.ts` and
// `README.md`, plus the top-level `index.ts` that gathers every component.
//
// All TypeScript goes through one in-memory ts-morph project, each file built from
// structures in a single call, which is far quicker than adding nodes one at a time.

import {
  IndentationText,
  NewLineKind,
  Project,
  QuoteKind,
  type StatementStructures,
} from 'ts-morph';

import type { ComponentModel } from '../model/component-model.js';
import { emitCodecStatements } from './emit-codec.js';
import { emitReadme, type ReadmeRenderer } from './emit-docs.js';
import { emitRuntime, type RuntimeSource } from './emit-runtime.js';
import { emitTypeStatements } from './emit-types.js';
import { typeScriptBanner, type GeneratedFile } from './generated-file.js';

/** What emitting needs besides the models: the compiled template and the runtime. */
export interface EmitAssets {
  readonly renderReadme: ReadmeRenderer;
  readonly runtime: readonly RuntimeSource[];
}

/** Emits the files of `models`; the top-level index lists `allModels`. */
export function emitComponents(
  models: readonly ComponentModel[],
  allModels: readonly ComponentModel[],
  assets: EmitAssets,
): GeneratedFile[] {
  const project = createProject();
  const files: GeneratedFile[] = [];
  for (const model of models) {
    const banner = typeScriptBanner(model.sources);
    files.push(
      printFile(project, `${model.name}/types.ts`, [banner, ...emitTypeStatements(model)]),
      printFile(project, `${model.name}/codec.ts`, [banner, ...emitCodecStatements(model)]),
      printFile(project, `${model.name}/index.ts`, [
        banner,
        "export type * from './types.js';",
        "export * from './codec.js';",
      ]),
      { path: `${model.name}/README.md`, content: emitReadme(model, assets.renderReadme) },
    );
  }
  files.push(printFile(project, 'index.ts', emitIndexStatements(allModels)));
  files.push(...emitRuntime(assets.runtime));

  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function createProject(): Project {
  return new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      newLineKind: NewLineKind.LineFeed,
      quoteKind: QuoteKind.Single,
      useTrailingCommas: true,
    },
  });
}

function printFile(
  project: Project,
  path: string,
  statements: readonly (string | StatementStructures)[],
): GeneratedFile {
  const file = project.createSourceFile(path, { statements: [...statements] }, { overwrite: true });
  file.formatText({ indentSize: 2, convertTabsToSpaces: true, ensureNewLineAtEndOfFile: true });

  return { path, content: file.getFullText() };
}

function emitIndexStatements(models: readonly ComponentModel[]): string[] {
  const sources = models.map((model) => `schemas/${model.name}`);
  const exports = [...models]
    .sort((a, b) => (a.what < b.what ? -1 : a.what > b.what ? 1 : 0))
    .map((model) => `export * as ${model.what} from './${model.name}/index.js';`);
  const runtime = [
    'export {',
    '  DirectoParseError,',
    '  DirectoValidationError,',
    '  type ParseOptions,',
    '  type ValidationIssue,',
    "} from './runtime/index.js';",
  ].join('\n');

  return [typeScriptBanner(sources), ...exports, runtime];
}
