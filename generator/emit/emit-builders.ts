// Emits the get builders of `codec.ts`: one function per record type that stores a
// record's attribute values by name, in schema order. The runtime runs each as a
// constructor, so every record of a type has the same shape, which V8 builds and later
// reads much faster than records grown by a loop.

import type { FunctionDeclarationStructure } from 'ts-morph';

import type { RecordType } from '../model/component-model.js';
import { constStatement, singleQuoted } from './generated-file.js';
import { StructureKind } from './ts-morph.js';

/** The name of the builders' table: `contactBuilders`. */
export function buildersName(record: RecordType): string {
  return `${record.typeName.charAt(0).toLowerCase()}${record.typeName.slice(1)}Builders`;
}

/** A builder for `record` and each child record type, and the table pairing them. */
export function emitBuilders(
  record: RecordType,
  schemaName: string,
): (FunctionDeclarationStructure | string)[] {
  const records = depthFirst(record);

  return [
    ...records.map(emitBuilder),
    constStatement({
      docs: 'The builders of get records, by record type.',
      name: buildersName(record),
      initializer: `recordBuilders(${schemaName}, [${records.map(builderName).join(', ')}])`,
    }),
  ];
}

// The same order as the runtime's recordBuilders walks the schema.
function depthFirst(record: RecordType): RecordType[] {
  return [record, ...record.children.flatMap((child) => depthFirst(child.record))];
}

function builderName(record: RecordType): string {
  return `build${record.typeName}`;
}

// Bracketed, since `this` has an index signature: code checked with
// noPropertyAccessFromIndexSignature refuses `this.name` there.
function memberOf(name: string): string {
  return `this[${singleQuoted(name)}]`;
}

function emitBuilder(record: RecordType): FunctionDeclarationStructure {
  const stores = record.fields.map((field, index) => {
    return `if (values[${index}] !== undefined) ${memberOf(field.wireName)} = values[${index}];`;
  });

  return {
    kind: StructureKind.Function,
    name: builderName(record),
    docs: [`Stores a \`<${record.elementName}>\`'s attribute values, in schema order.`],
    parameters: [
      { name: 'this', type: 'Record<string, unknown>' },
      { name: 'values', type: 'readonly unknown[]' },
    ],
    returnType: 'void',
    statements: [
      ...stores,
      ...record.children.map((child) => `${memberOf(child.wrapperName)} = [];`),
    ],
  };
}
