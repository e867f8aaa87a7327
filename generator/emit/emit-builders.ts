// Emits the get builders of `codec.ts`: one function per record type that makes a record
// from its attribute values. Named property stores in schema order give every record the
// same shape, which V8 builds and later reads much faster than records made by a loop.

import { StructureKind, type FunctionDeclarationStructure } from 'ts-morph';

import type { RecordType } from '../model/component-model.js';
import { isPlainPropertyName } from '../model/names.js';
import { constStatement } from './generated-file.js';

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

function emitBuilder(record: RecordType): FunctionDeclarationStructure {
  const stores = record.fields.map((field, index) => {
    const target = isPlainPropertyName(field.wireName)
      ? `record.${field.wireName}`
      : `record[${JSON.stringify(field.wireName)}]`;
    return `if (values[${index}] !== undefined) ${target} = values[${index}];`;
  });

  return {
    kind: StructureKind.Function,
    name: builderName(record),
    docs: [`Makes a \`<${record.elementName}>\` from its attribute values, in schema order.`],
    parameters: [{ name: 'values', type: 'readonly unknown[]' }],
    returnType: 'Record<string, unknown>',
    statements: ['const record: Record<string, unknown> = {};', ...stores, 'return record;'],
  };
}
