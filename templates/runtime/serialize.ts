// Writes put documents: `<contacts><contact a="…"/></contacts>`. Records are copied, the
// copy validated and refused as a whole if anything is wrong, and the copy written, so what
// is written is what was checked; attributes follow schema order.

import { DirectoValidationError } from './errors.js';
import type { DocumentSchema, RecordSchema } from './schema.js';
import { snapshotRecords, validateRecords } from './validate.js';
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
  const checked = snapshotRecords(schema.record, records) as readonly Input[];
  const issues = validateRecords(schema.record, checked, schema.container);
  if (issues.length > 0) throw new DirectoValidationError(issues);

  const pieces = new PieceJoiner();
  pieces.add(`<${schema.container}>`);
  for (const record of checked) pieces.add(write(record));
  pieces.add(`</${schema.container}>`);

  return pieces.join();
}

/** Pieces of about 64 K characters each, for writing or sending a document in parts. */
export const PIECE_CHARS = 1 << 16;

/**
 * Joins many short strings into pieces of about PIECE_CHARS. V8 keeps a concatenation as a
 * tree of its parts until the text is read; reading one character of each full piece turns
 * it into a single string, so the many small parts die young instead of being carried to
 * the end, which in a large document costs more in garbage collection than the writing.
 */
export class PieceJoiner {
  readonly pieces: string[] = [];
  private current = '';

  add(text: string): void {
    this.current += text;
    if (this.current.length >= PIECE_CHARS) this.flush();
  }

  /** The pieces so far, the last one included. */
  finish(): string[] {
    this.flush();
    return this.pieces;
  }

  join(): string {
    return this.finish().join('');
  }

  private flush(): void {
    if (this.current === '') return;
    this.current.charCodeAt(0);
    this.pieces.push(this.current);
    this.current = '';
  }
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
