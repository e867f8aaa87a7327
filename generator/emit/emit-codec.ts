// Emits `codec.ts` for a component: the layout of its documents as run-time data, and the
// typed functions integrators call (`parseContacts`, `serializeContacts`, `validateContact`,
// `validateContacts`). The work itself is done by the shared runtime in `generated/runtime/`.

import type { FunctionDeclarationStructure, StatementStructures } from 'ts-morph';

import type { ComponentModel, DirectionModel, RecordType } from '../model/component-model.js';
import { toDocumentSchema } from '../model/to-document-schema.js';
import { escapeDocText } from './field-docs.js';
import { constStatement, singleQuoted } from './generated-file.js';
import { buildersName, emitBuilders } from './emit-builders.js';
import { emitWriters, writerName } from './emit-writer.js';
import { StructureKind } from './ts-morph.js';

/** The declarations of `codec.ts`. */
export function emitCodecStatements(model: ComponentModel): (string | StatementStructures)[] {
  const { output, input } = model;

  return [
    ...emitImports(model),
    ...(output === undefined
      ? []
      : [
          emitSchema(model, output),
          emitParse(model, output),
          ...emitBuilders(output.record, schemaName(model, output)),
        ]),
    ...(input === undefined
      ? []
      : [emitSchema(model, input), ...emitPut(model, input), ...emitWriters(input.record)]),
    emitDescriptor(model),
  ];
}

/** The name of the constant describing the component to the client: `contactComponent`. */
export function descriptorName(model: ComponentModel): string {
  return `${lowerFirst(model.names.record)}Component`;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function schemaName(model: ComponentModel, direction: DirectionModel): string {
  const suffix = direction.direction === 'output' ? 'OutputSchema' : 'InputSchema';

  return `${lowerFirst(model.names.record)}${suffix}`;
}

// What DirectoClient needs to get and put this component.
function emitDescriptor(model: ComponentModel): string {
  const filters = model.filters?.map((filter) => ({ name: filter.name, type: filter.type }));
  const entries = [
    `what: ${singleQuoted(model.what)}`,
    ...(model.output
      ? [
          `output: ${schemaName(model, model.output)}`,
          `outputBuilders: ${buildersName(model.output.record)}`,
        ]
      : []),
    ...(model.input
      ? [
          `input: ${schemaName(model, model.input)}`,
          `writeInput: ${writerName(model.input.record)}`,
        ]
      : []),
    ...(filters ? [`filters: ${schemaLiteral(filters, '  ')}`] : []),
  ];

  return constStatement({
    isExported: true,
    docs: escapeDocText(`\`what=${model.what}\` as DirectoClient reads and writes it.`),
    name: descriptorName(model),
    type: 'ComponentDescriptor',
    initializer: `{\n${entries.map((entry) => `  ${entry},`).join('\n')}\n}`,
  });
}

function emitImports(model: ComponentModel): string[] {
  const runtime = [
    'parseDocument',
    'type ParseOptions',
    ...(model.output ? ['recordBuilders'] : []),
    ...(model.input
      ? [
          'escapeAttribute',
          'serializeDocument',
          'validateRecord',
          'validateRecords',
          'type ValidationIssue',
        ]
      : []),
    'type DocumentSchema',
    'type ComponentDescriptor',
  ];
  const types = [
    ...(model.output ? [model.names.record] : []),
    ...(model.input ? recordTypeNames(model.input.record) : []),
  ].sort();

  const sorted = runtime.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
  const names = sorted.map((name) => `  ${name},`).join('\n');

  return [
    `import {\n${names}\n} from '../runtime/index.js';\n` +
      `import type { ${types.join(', ')} } from './types.js';\n`,
  ];
}

// The input record type and its children's, which the writers take.
function recordTypeNames(record: RecordType): string[] {
  return [record.typeName, ...record.children.flatMap((child) => recordTypeNames(child.record))];
}

function sortKey(specifier: string): string {
  return specifier.replace(/^type /, '').toLowerCase();
}

function emitSchema(model: ComponentModel, direction: DirectionModel): string {
  const verb = direction.direction === 'output' ? 'a get response' : 'a put document';

  return constStatement({
    isExported: true,
    docs: escapeDocText(`The layout of ${verb}, from ${direction.source}.`),
    name: schemaName(model, direction),
    type: 'DocumentSchema',
    initializer: schemaLiteral(toDocumentSchema(direction)),
  });
}

// Prints a run-time schema as a TypeScript literal, one field per line.
function schemaLiteral(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((item) => typeof item !== 'object'))
      return `[${value.map((item) => schemaLiteral(item)).join(', ')}]`;
    const inner = `${indent}  `;
    const items = value.map((item) => `${inner}${schemaLiteral(item, inner)},`);
    return `[\n${items.join('\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(
      ([key, item]) => `${key}: ${schemaLiteral(item, `${indent}  `)}`,
    );
    const isField = 'type' in value && 'name' in value;
    if (isField) return `{ ${entries.join(', ')} }`;
    return `{\n${entries.map((entry) => `${indent}  ${entry},`).join('\n')}\n${indent}}`;
  }

  return typeof value === 'string' ? singleQuoted(value) : String(value);
}

function emitParse(model: ComponentModel, output: DirectionModel): FunctionDeclarationStructure {
  const { names, what } = model;

  return {
    kind: StructureKind.Function,
    isExported: true,
    name: `parse${names.plural}`,
    docs: [
      escapeDocText(
        `Reads a get response (\`get=1&what=${what}\`) into ${names.record} records.\n\n` +
          `Accepts \`<transport>\` around \`<${output.containerName}>\` or around the records, ` +
          `an empty \`<transport/>\`, a bare \`<${output.containerName}>\` and a single ` +
          `\`<${output.record.elementName}>\`. Throws DirectoParseError on anything else, ` +
          'including Directo refusing the request; never returns part of a response.',
      ),
    ],
    parameters: [
      { name: 'xml', type: 'string' },
      { name: 'options', type: 'ParseOptions', initializer: '{}' },
    ],
    returnType: `${names.record}[]`,
    statements:
      `return parseDocument(xml, ${schemaName(model, output)}, options, ` +
      `${buildersName(output.record)}) as unknown as ${names.record}[];`,
  };
}

function emitPut(model: ComponentModel, input: DirectionModel): FunctionDeclarationStructure[] {
  const { names, what } = model;
  const schema = schemaName(model, input);
  const container = input.containerName;

  return [
    {
      kind: StructureKind.Function,
      isExported: true,
      name: `parse${names.record}Inputs`,
      docs: [
        escapeDocText(
          `Reads a put document (\`<${container}>\` of ${names.input} records), as Directo ` +
            'receives it. The local Directo server uses this; integrators rarely need it.',
        ),
      ],
      parameters: [
        { name: 'xml', type: 'string' },
        { name: 'options', type: 'ParseOptions', initializer: '{}' },
      ],
      returnType: `${names.input}[]`,
      statements: `return parseDocument(xml, ${schema}, options) as unknown as ${names.input}[];`,
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: `serialize${names.plural}`,
      docs: [
        escapeDocText(
          `Writes the put document (\`put=1&what=${what}\`) for \`records\`: ` +
            `\`<${container}><${input.record.elementName} …/></${container}>\`.\n\n` +
            'Validates first and throws DirectoValidationError listing every issue, so nothing ' +
            'invalid is ever written.',
        ),
      ],
      parameters: [{ name: 'records', type: `readonly ${names.input}[]` }],
      returnType: 'string',
      statements: `return serializeDocument(${schema}, records, ${writerName(input.record)});`,
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: `validate${names.record}`,
      docs: [`Every issue with one record to put; empty when it can be sent. Accepts any value.`],
      parameters: [
        { name: 'record', type: 'unknown' },
        { name: 'path', type: 'string', initializer: singleQuoted(input.record.elementName) },
      ],
      returnType: 'ValidationIssue[]',
      statements: `return validateRecord(${schema}.record, record, path);`,
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: `validate${names.plural}`,
      docs: [
        escapeDocText(
          `Every issue with records to put, with paths such as ` +
            `\`${container}[3].${examplePath(input)}\`.`,
        ),
      ],
      parameters: [{ name: 'records', type: 'unknown' }],
      returnType: 'ValidationIssue[]',
      statements: `return validateRecords(${schema}.record, records, ${singleQuoted(container)});`,
    },
  ];
}

function examplePath(input: DirectionModel): string {
  return input.record.fields.find((field) => !field.isDoNotSend)?.wireName ?? 'field';
}
