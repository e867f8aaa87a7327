// How get records are made from their attribute values: by generated builders, one per
// record type, or by a loop over the schema's fields where there are none.

import type { DocumentSchema, FieldSchema, RecordSchema } from './schema.js';

type XmlObject = Record<string, unknown>;

/** Makes a record from its attribute values, in schema field order. */
export type RecordBuilder = (values: readonly unknown[]) => XmlObject;

/**
 * Stores a record's attribute values on `this`, in schema field order, leaving out absent
 * ones, then an empty list for each child collection. Generated code gives one per record
 * type; see recordBuilders.
 */
export type RecordFiller = (this: XmlObject, values: readonly unknown[]) => void;

/** The builders of a document's record types. */
export type RecordBuilders = ReadonlyMap<RecordSchema, RecordBuilder>;

/**
 * Pairs fillers with a document's record types, given in depth-first schema order. Each
 * filler is run as a constructor whose prototype is Object.prototype: the records are
 * plain objects, and V8 gives all of one type the same shape with room for every field,
 * which makes them much quicker to build and to read than records grown by a loop.
 */
export function recordBuilders(
  schema: DocumentSchema,
  fillers: readonly RecordFiller[],
): RecordBuilders {
  const pairs = new Map<RecordSchema, RecordBuilder>();
  const visit = (record: RecordSchema) => {
    const filler = fillers[pairs.size];
    if (filler === undefined) throw new Error(`no builder for <${record.element}>`);
    pairs.set(record, asBuilder(filler));
    for (const child of record.children) visit(child.record);
  };
  visit(schema.record);

  return pairs;
}

function asBuilder(filler: RecordFiller): RecordBuilder {
  const construct = filler as unknown as {
    prototype: object;
    new (values: readonly unknown[]): XmlObject;
  };
  construct.prototype = Object.prototype;

  return (values) => new construct(values);
}

/** Makes a record by walking its schema, for record types without a builder. */
export function buildRecord(schema: RecordSchema, values: readonly unknown[]): XmlObject {
  const record: XmlObject = {};
  for (let f = 0; f < schema.fields.length; f += 1) {
    const value = values[f];
    if (value !== undefined) record[(schema.fields[f] as FieldSchema).name] = value;
  }
  for (const child of schema.children) record[child.wrapper] = [];
  return record;
}
