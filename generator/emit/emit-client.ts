// Emits `client.ts`: DirectoClient, with one property per component named by its `what`
// value (`directo.contact.list()`), typed by what the component's schemas allow: get-only
// components have no `put`, put-only ones no `list` or `iterate`.

import type { ClassDeclarationStructure, PropertyDeclarationStructure } from 'ts-morph';

import type { ComponentModel } from '../model/component-model.js';
import { isPlainPropertyName } from '../model/names.js';
import { descriptorName } from './emit-codec.js';
import { escapeDocText } from './field-docs.js';
import { StructureKind } from './ts-morph.js';

/** The statements of `client.ts`, after its banner. */
export function emitClientStatements(
  models: readonly ComponentModel[],
): (string | ClassDeclarationStructure)[] {
  const sorted = [...models].sort((a, b) => (a.what < b.what ? -1 : a.what > b.what ? 1 : 0));

  return [...emitImports(sorted), emitClass(sorted)];
}

function emitImports(models: readonly ComponentModel[]): string[] {
  // Only what some component uses: a client of get-only components has no PutOperations.
  const runtimeNames = [
    'ComponentClient',
    'type DirectoClientOptions',
    ...(models.some((model) => model.output) ? ['type GetOperations'] : []),
    ...(models.some((model) => model.input) ? ['type PutOperations'] : []),
    'Transport',
  ];
  const lines = runtimeNames.map((name) => `  ${name},\n`).join('');
  const runtime = `import {\n${lines}} from './runtime/index.js';`;
  // Each component's modules as namespaces named by its `what`, which is unique, since two
  // components may well name their records alike.
  const components = models.flatMap((model) => [
    `import * as ${codecOf(model)} from './${model.name}/codec.js';`,
    `import type * as ${typesOf(model)} from './${model.name}/types.js';`,
  ]);

  return [runtime, ...components];
}

function codecOf(model: ComponentModel): string {
  return `${model.what}Codec`;
}

function typesOf(model: ComponentModel): string {
  return `${model.what}Types`;
}

function emitClass(models: readonly ComponentModel[]): ClassDeclarationStructure {
  const assignments = models.map(
    (model) =>
      `this${access(model.what)} = new ComponentClient(transport, ` +
      `${codecOf(model)}.${descriptorName(model)}, options);`,
  );

  return {
    kind: StructureKind.Class,
    name: 'DirectoClient',
    isExported: true,
    docs: [
      escapeDocText(
        "A client for Directo's XML Direct interface, one property per component. Requests " +
          'go one at a time over `fetch`; the token travels in the form body only.',
      ),
    ],
    properties: models.map(emitProperty),
    ctors: [
      {
        parameters: [{ name: 'options', type: 'DirectoClientOptions' }],
        statements: ['const transport = new Transport(options);', ...assignments],
      },
    ],
  };
}

function emitProperty(model: ComponentModel): PropertyDeclarationStructure {
  const { names } = model;
  const type = (name: string) => `${typesOf(model)}.${name}`;
  const operations = [
    ...(model.output ? [`GetOperations<${type(names.record)}, ${type(names.query)}>`] : []),
    ...(model.input ? [`PutOperations<${type(names.input)}>`] : []),
  ];
  const verbs = [model.output && 'list, iterate', model.input && 'put'].filter(Boolean);

  return {
    kind: StructureKind.Property,
    name: isPlainPropertyName(model.what) ? model.what : JSON.stringify(model.what),
    isReadonly: true,
    // One operation a line: the intersection is too long for one.
    type: operations.join(' &\n'),
    docs: [escapeDocText(`\`what=${model.what}\`: ${verbs.join('; ')}.`)],
  };
}

function access(name: string): string {
  return isPlainPropertyName(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}
