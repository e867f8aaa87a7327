// Writes put documents: `<contacts><contact a="…"/></contacts>`. Records are validated
// first and refused as a whole if anything is wrong; attributes follow schema order.

import { DirectoValidationError } from './errors.js';
import type { DocumentSchema, RecordSchema } from './schema.js';
import { validateRecords } from './validate.js';
import { escapeAttribute } from './xml-text.js';

type Values = Readonly<Record<string, unknown>>;

/** Writes one record, already validated, as its element. */
export type RecordWriter<Input> = (record: Input) => string;

/**
 * The put document for `records`; throws DirectoValidationError listing every issue.
 * Generated code passes its own writer for the record type; without one, the schema is
 * walked at run time.
 */
export function serializeDocument<Input>(
  schema: DocumentSchema,
  records: readonly Input[],
  write: RecordWriter<Input> = (record) => recordText(schema.record, record as Values),
): string {
  const issues = validateRecords(schema.record, records, schema.container);
  if (issues.length > 0) throw new DirectoValidationError(issues);

  const parts: string[] = [`<${schema.container}>`];
  for (const record of records) parts.push(write(record));
  parts.push(`</${schema.container}>`);

  return parts.join('');
}

/** Writes one record, already validated, onto `parts`, by walking its schema. */
export function writeRecord(schema: RecordSchema, record: Values, parts: string[]): void {
  parts.push(recordText(schema, record));
}

function recordText(schema: RecordSchema, record: Values): string {
  let text = `<${schema.element}`;
  for (const field of schema.fields) {
    const value = record[field.name];
    if (value === undefined || field.isDoNotSend) continue;
    const written = typeof value === 'number' ? String(value) : escapeAttribute(value as string);
    text += ` ${field.name}="${written}"`;
  }

  let content = '';
  for (const child of schema.children) {
    const items = record[child.wrapper] as readonly Values[] | undefined;
    if (items === undefined && !child.isWrapperRequired) continue;
    if (items === undefined || items.length === 0) {
      content += `<${child.wrapper}/>`;
      continue;
    }
    content += `<${child.wrapper}>`;
    for (const item of items) content += recordText(child.record, item);
    content += `</${child.wrapper}>`;
  }

  return content === '' ? `${text}/>` : `${text}>${content}</${schema.element}>`;
}
