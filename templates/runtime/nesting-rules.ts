// Which elements may stand where in a get response: in the envelope, `<transport>` holds the
// container or bare records and the container holds records; inside a record, only its
// child wrappers, and in each wrapper only its records.

import type { DocumentSchema, RecordSchema } from './schema.js';

/** An element open inside a record: its name, and the names it may hold. */
export interface OpenElement {
  readonly name: string;
  readonly allowed: ReadonlyMap<string, OpenElementRule>;
}

/** What an element may hold: a record's wrappers, or a wrapper's records. */
export type OpenElementRule =
  { readonly record: RecordSchema } | { readonly wrapperOf: RecordSchema };

/** The elements the envelope element `parent` may hold. */
export function envelopeChildren(schema: DocumentSchema, parent: string): string[] {
  const { container, record } = schema;
  if (parent === 'transport') return [container, record.element];

  return parent === container ? [record.element] : [];
}

const wrapperRules = new WeakMap<RecordSchema, ReadonlyMap<string, OpenElementRule>>();
const recordRules = new WeakMap<RecordSchema, ReadonlyMap<string, OpenElementRule>>();

/** The wrappers a record may hold, each leading to the records it holds. */
export function wrappersOf(record: RecordSchema): ReadonlyMap<string, OpenElementRule> {
  let rules = wrapperRules.get(record);
  if (rules === undefined) {
    rules = new Map(record.children.map((child) => [child.wrapper, { wrapperOf: child.record }]));
    wrapperRules.set(record, rules);
  }
  return rules;
}

/** The one record element a wrapper may hold. */
export function recordsOf(record: RecordSchema): ReadonlyMap<string, OpenElementRule> {
  let rules = recordRules.get(record);
  if (rules === undefined) {
    rules = new Map([[record.element, { record }]]);
    recordRules.set(record, rules);
  }
  return rules;
}
