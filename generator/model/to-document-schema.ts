// The run-time layout of a document, derived from the model. The codec emitter prints it
// into each component's `codec.ts`, and the local Directo server uses it directly, so both
// read and write documents by exactly the same rules.

import type { DocumentSchema, FieldSchema, RecordSchema } from '../../templates/runtime/schema.js';
import type { DirectionModel, Field, RecordType } from './component-model.js';

/** The layout of one direction's documents. */
export function toDocumentSchema(direction: DirectionModel): DocumentSchema {
  return { container: direction.containerName, record: toRecordSchema(direction.record) };
}

function toRecordSchema(record: RecordType): RecordSchema {
  return {
    element: record.elementName,
    fields: record.fields.map(toFieldSchema),
    children: record.children.map((child) => ({
      wrapper: child.wrapperName,
      isWrapperRequired: child.isWrapperRequired,
      record: toRecordSchema(child.record),
    })),
  };
}

function toFieldSchema(field: Field): FieldSchema {
  const hasValues = field.isEnumeration && (field.type === 'int' || field.type === 'string');

  return {
    name: field.wireName,
    type: field.type,
    ...(field.type === 'string' && field.length !== undefined
      ? { maxLength: field.length.max }
      : {}),
    ...(field.isMandatory ? { isMandatory: true } : {}),
    ...(hasValues
      ? { values: field.values.map((v) => (field.type === 'int' ? Number(v.value) : v.value)) }
      : {}),
    ...(field.isDoNotSend ? { isDoNotSend: true } : {}),
  };
}
