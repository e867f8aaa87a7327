// Writes put documents: `<contacts><contact a="…"/></contacts>`. Records are validated
// first and refused as a whole if anything is wrong; attributes follow schema order.

import { DirectoValidationError } from './errors.js';
import type { DocumentSchema, RecordSchema } from './schema.js';
import { validateRecords } from './validate.js';
import { escapeAttribute } from './xml-text.js';

type Values = Readonly<Record<string, unknown>>;

/** The put document for `records`; throws DirectoValidationError listing every issue. */
export function serializeDocument(schema: DocumentSchema, records: readonly unknown[]): string {
  const issues = validateRecords(schema.record, records, schema.container);
  if (issues.length > 0) throw new DirectoValidationError(issues);

  const parts: string[] = [`<${schema.container}>`];
  for (const record of records) writeRecord(schema.record, record as Values, parts);
  parts.push(`</${schema.container}>`);

  return parts.join('');
}

/** Writes one record, already validated, onto `parts`. */
export function writeRecord(schema: RecordSchema, record: Values, parts: string[]): void {
  let tag = `<${schema.element}`;
  for (const field of schema.fields) {
    const value = record[field.name];
    if (value === undefined || field.isDoNotSend) continue;
    const text = typeof value === 'number' ? String(value) : (value as string);
    tag += ` ${field.name}="${escapeAttribute(text)}"`;
  }

  const children = schema.children.filter(
    (child) => child.isWrapperRequired || record[child.wrapper] !== undefined,
  );
  if (children.length === 0) {
    parts.push(`${tag}/>`);
    return;
  }

  parts.push(`${tag}>`);
  for (const child of children) {
    const items = (record[child.wrapper] ?? []) as readonly Values[];
    if (items.length === 0) {
      parts.push(`<${child.wrapper}/>`);
      continue;
    }
    parts.push(`<${child.wrapper}>`);
    for (const item of items) writeRecord(child.record, item, parts);
    parts.push(`</${child.wrapper}>`);
  }
  parts.push(`</${schema.element}>`);
}
