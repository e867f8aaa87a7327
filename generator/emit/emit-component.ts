// Turns component models into output files: per component `types.ts`, `index.ts` and
// `README.md`, plus the top-level `index.ts` that gathers every component.
//
// Every TypeScript file is one ts-morph source-file structure printed straight to text.
// Printing never parses: nothing is built node by node, and no compiler project is needed.

import { posix } from 'node:path';

import type { SourceFileStructure, StatementStructures } from 'ts-morph';

import type { ComponentModel } from '../model/component-model.js';
import { RUNTIME_TYPE_EXPORTS, RUNTIME_VALUE_EXPORTS } from '../model/names.js';
import { emitClientStatements } from './emit-client.js';
import { emitCodecStatements } from './emit-codec.js';
import { emitReadme, type ReadmeRenderer } from './emit-docs.js';
import { emitRuntime, type RuntimeSource } from './emit-runtime.js';
import { emitTypeStatements } from './emit-types.js';
import { typeScriptBanner, type GeneratedFile } from './generated-file.js';
import { printStructure, StructureKind } from './ts-morph.js';

/** What emitting needs besides the models: the compiled template and the runtime. */
export interface EmitAssets {
  readonly renderReadme: ReadmeRenderer;
  readonly runtime: readonly RuntimeSource[];
}

/** Emits the files of every component of `models`, the top-level index and the runtime. */
export function emitComponents(
  models: readonly ComponentModel[],
  assets: EmitAssets,
): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  for (const model of models) {
    const banner = typeScriptBanner(model.sources);
    files.push(
      printFile(`${model.name}/types.ts`, [banner, ...emitTypeStatements(model)]),
      printFile(`${model.name}/codec.ts`, [banner, ...emitCodecStatements(model)]),
      printFile(`${model.name}/index.ts`, [
        banner,
        "export type * from './types.js';",
        "export * from './codec.js';",
      ]),
      { path: `${model.name}/README.md`, content: emitReadme(model, assets.renderReadme) },
    );
  }
  const topBanner = typeScriptBanner(models.map(componentFolder));
  files.push(printFile('index.ts', [topBanner, ...emitIndexStatements(models)]));
  files.push(printFile('client.ts', [topBanner, ...emitClientStatements(models)]));
  files.push(...emitRuntime(assets.runtime));

  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

// The folder a component's schemas were read from, as its banners show it.
function componentFolder(model: ComponentModel): string {
  const [first] = model.sources;

  return first === undefined ? model.name : posix.dirname(first);
}

const PRINT_OPTIONS = { indentNumberOfSpaces: 2, newLine: '\n', useSingleQuote: true } as const;

function printFile(
  path: string,
  statements: readonly (string | StatementStructures)[],
): GeneratedFile {
  const structure: SourceFileStructure = {
    kind: StructureKind.SourceFile,
    statements: [...statements],
  };

  return { path, content: printStructure(structure, PRINT_OPTIONS) };
}

// The package's front door: the client, each component's types and codecs as a namespace
// named by its `what`, and what callers need to catch errors and configure the client.
function emitIndexStatements(models: readonly ComponentModel[]): string[] {
  const namespaces = [...models]
    .sort((a, b) => (a.what < b.what ? -1 : a.what > b.what ? 1 : 0))
    .map((model) => `export * as ${model.what} from './${model.name}/index.js';`);
  const runtime = [...RUNTIME_VALUE_EXPORTS, ...RUNTIME_TYPE_EXPORTS].sort();
  const asType = (name: string) => (RUNTIME_TYPE_EXPORTS.includes(name) ? `type ${name}` : name);
  const list = runtime.map((name) => `  ${asType(name)},`).join('\n');

  return [
    "export { DirectoClient } from './client.js';",
    ...namespaces,
    `export {\n${list}\n} from './runtime/index.js';`,
  ];
}
