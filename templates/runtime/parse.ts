// Reads get responses into plain records. The fast reader takes the XML Directo writes; what
// it leaves is cut into records (record-stream.ts), each parsed by fast-xml-parser with every
// coercion off (xml-tree.ts) and checked against the schema, its values converted only by
// their schema type (record-reader.ts), so codes, phones and ids keep their leading zeros,
// signs and spaces.
//
// Directo wraps records in several ways, all accepted:
//   <transport><contacts><contact/>…</contacts></transport>
//   <transport><contact/>…</transport>
//   <transport/>                       no records
//   <contacts><contact/>…</contacts>
//   <contact/>                         a single record
// An answer of `<result type="5" desc="Unauthorized"/>` or `<err>…</err>` is Directo
// refusing the request, and is raised as a `directo-error`.

import { DirectoParseError, type ParsePosition } from './errors.js';
import { fastReadDocument, fastReadRecord } from './fast-read.js';
import type { RecordBuilders } from './record-builders.js';
import { RecordReader } from './record-reader.js';
import { RecordSplitter, type RecordFragment } from './record-stream.js';
import type { DocumentSchema } from './schema.js';
import { readRoot, type XmlObject } from './xml-tree.js';

/** How strict parsing is about attributes the schema does not know. */
export interface ParseOptions {
  /**
   * `error` (the default) refuses a response carrying attributes the schema lacks, since
   * they would otherwise be lost; `ignore` drops them.
   */
  readonly unknownAttributes?: 'error' | 'ignore';
}

/** Parses a get response into records; throws DirectoParseError, never returns part of it. */
export function parseDocument(
  xml: string,
  schema: DocumentSchema,
  options: ParseOptions = {},
  builders?: RecordBuilders,
): XmlObject[] {
  if (typeof xml !== 'string') throw new DirectoParseError('malformed', 'the response is not text');
  const ignoreUnknown = options.unknownAttributes === 'ignore';
  const records = fastReadDocument(xml, schema, ignoreUnknown, builders);

  return records ?? parseDocumentByRecords(xml, schema, options, builders);
}

// What the fast reader leaves is read as a streamed response is: the envelope is checked
// while the text is cut into records, and each record is parsed on its own. A hostile
// answer (an HTML page, a million unclosed tags) is refused at its first wrong element, and
// the conformant parser never holds more than one record.
function parseDocumentByRecords(
  xml: string,
  schema: DocumentSchema,
  options: ParseOptions,
  builders: RecordBuilders | undefined,
): XmlObject[] {
  const splitter = new RecordSplitter(schema);
  const records: XmlObject[] = [];
  for (const fragment of splitter.push(xml)) {
    records.push(parseRecordFragment(fragment, schema, options, records.length + 1, builders));
  }
  const refusal = splitter.end();
  if (refusal !== undefined) return parseDocumentConformant(refusal, schema, options);

  return records;
}

/**
 * Parses with fast-xml-parser alone. parseDocument reads the common shape of Directo's
 * answers with a faster reader, and comes here for everything else and for every error.
 */
export function parseDocumentConformant(
  xml: string,
  schema: DocumentSchema,
  options: ParseOptions = {},
): XmlObject[] {
  const root = readRoot(xml);
  const reader = new RecordReader(options.unknownAttributes ?? 'error', 0, xml);

  return reader.readEnvelope(root.name, root.value, schema);
}

/**
 * Parses one record element cut from a response by RecordSplitter. `number` is its place
 * among the records, and errors give positions in the whole response.
 */
export function parseRecordFragment(
  fragment: RecordFragment,
  schema: DocumentSchema,
  options: ParseOptions,
  number: number,
  builders?: RecordBuilders,
): XmlObject {
  const ignoreUnknown = options.unknownAttributes === 'ignore';
  const fast = fastReadRecord(fragment.text, schema, ignoreUnknown, builders);
  if (fast !== undefined) return fast;

  try {
    return parseRecordConformant(fragment.text, schema, options, number);
  } catch (error) {
    throw error instanceof DirectoParseError ? relocate(error, fragment.start) : error;
  }
}

function parseRecordConformant(
  text: string,
  schema: DocumentSchema,
  options: ParseOptions,
  number: number,
): XmlObject {
  const root = readRoot(text);
  const reader = new RecordReader(options.unknownAttributes ?? 'error', number - 1, text);
  const [record] = reader.readEnvelope(root.name, root.value, schema);
  if (record === undefined || root.name !== schema.record.element) {
    throw new DirectoParseError('unexpected-element', `expected one <${schema.record.element}>`);
  }

  return record;
}

// The same error, placed in the whole response: a position within the record is moved by
// where the record starts, and an error with none is placed at the record's start.
function relocate(error: DirectoParseError, start: ParsePosition): DirectoParseError {
  const inner = error.position;
  const position =
    inner === undefined
      ? start
      : {
          line: start.line + inner.line - 1,
          column: inner.line === 1 ? start.column + inner.column - 1 : inner.column,
        };

  return new DirectoParseError(error.kind, error.reason, {
    excerpt: error.excerpt === '' ? undefined : error.excerpt,
    position,
    resultType: error.resultType,
    resultDescription: error.resultDescription,
  });
}
