// Reads get responses into plain records. fast-xml-parser does the XML work with every
// coercion off; this file checks the document against the schema and converts values only
// by their schema type, so codes, phones and ids keep their leading zeros, signs and spaces.
//
// Directo wraps records in several ways, all accepted:
//   <transport><contacts><contact/>…</contacts></transport>
//   <transport><contact/>…</transport>
//   <transport/>                       no records
//   <contacts><contact/>…</contacts>
//   <contact/>                         a single record
// An answer of `<result type="5" desc="Unauthorized"/>` or `<err>…</err>` is Directo
// refusing the request, and is raised as a `directo-error`.

import {
  XMLParser,
  XMLValidator,
  type EntityDecoderOptions,
  type X2jOptions,
} from 'fast-xml-parser';

import { DirectoParseError, excerptOf, positionIn, type ParsePosition } from './errors.js';
import { fastReadDocument, fastReadRecord } from './fast-read.js';
import type { RecordBuilders } from './record-builders.js';
import { RecordSplitter, type RecordFragment } from './record-stream.js';
import type { DocumentSchema, FieldSchema, RecordSchema } from './schema.js';
import {
  decodeAttribute,
  findMalformedMarkup,
  firstNonSpace,
  hasTypeSyntax,
  isXmlSpace,
  parseXsdInt,
} from './xml-text.js';

/** How strict parsing is about attributes the schema does not know. */
export interface ParseOptions {
  /**
   * `error` (the default) refuses a response carrying attributes the schema lacks, since
   * they would otherwise be lost; `ignore` drops them.
   */
  readonly unknownAttributes?: 'error' | 'ignore';
}

type XmlObject = Record<string, unknown>;

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

/** Parses any small XML answer, such as put results, into fast-xml-parser's plain objects. */
export function parseAnswer(xml: string): { name: string; value: XmlObject } {
  return readRoot(xml);
}

// Attributes are grouped under a key no element name can take, so the two never collide.
const ATTRIBUTES = '@attributes';

// The entity decoder fast-xml-parser calls for every value: XML 1.0 rules, no DTD entities.
const ENTITY_DECODER: EntityDecoderOptions = {
  reset(): void {},
  setXmlVersion(): void {},
  setExternalEntities(): void {},
  addInputEntities(): void {
    throw new Error('entity declarations are not accepted');
  },
  decode: decodeAttribute,
};

const PARSER = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: ATTRIBUTES,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
  entityDecoder: ENTITY_DECODER,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
} satisfies X2jOptions);

function readRoot(text: string): { name: string; value: XmlObject } {
  if (typeof text !== 'string')
    throw new DirectoParseError('malformed', 'the response is not text');
  // A byte order mark is not text of the document; positions are counted without it.
  const xml = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const doctype = xml.indexOf('<!DOCTYPE');
  if (doctype !== -1) {
    throw new DirectoParseError(
      'doctype',
      'the response declares a DOCTYPE, which is not accepted',
      {
        excerpt: excerptOf(xml, doctype),
      },
    );
  }

  if (isXmlSpace(xml)) throw new DirectoParseError('malformed', 'the response is empty');
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) {
    const { line, col, msg } = verdict.err;
    throw new DirectoParseError('malformed', `malformed XML: ${explainValidatorMessage(msg)}`, {
      position: { line, column: col ?? 1 },
      excerpt: excerptOf(lineOf(xml, line), Math.max(0, (col ?? 1) - 30)),
    });
  }

  const malformed = findMalformedMarkup(xml);
  if (malformed !== undefined) {
    throw new DirectoParseError('malformed', `malformed XML: ${malformed.problem}`, {
      position: positionIn(xml, malformed.at),
      excerpt: excerptOf(xml, malformed.at),
    });
  }

  const trailing = textAfterEmptyRoot(xml);
  if (trailing !== -1) {
    const isElement = xml.charAt(trailing) === '<';
    const [kind, message] = isElement
      ? (['malformed', 'malformed XML: a document has exactly one root element'] as const)
      : (['unexpected-text', 'unexpected text after the root element'] as const);
    throw new DirectoParseError(kind, message, { excerpt: excerptOf(xml, trailing) });
  }

  let document: XmlObject;
  try {
    document = PARSER.parse(xml) as XmlObject;
  } catch (error) {
    throw new DirectoParseError('malformed', `malformed XML: ${(error as Error).message}`, {
      excerpt: excerptOf(xml),
    });
  }
  return singleRoot(document, xml);
}

function singleRoot(document: XmlObject, xml: string): { name: string; value: XmlObject } {
  const names = Object.keys(document).filter((name) => name !== '#text');
  rejectText(document, 'the document', xml);
  const [name] = names;
  const values = name === undefined ? [] : elements(document, name);
  if (name === undefined || names.length > 1 || values.length !== 1 || values[0] === undefined) {
    throw new DirectoParseError(
      'malformed',
      'malformed XML: a document has exactly one root element',
      {
        excerpt: excerptOf(xml),
      },
    );
  }

  return { name, value: values[0] };
}

/** Raises unexpected-text when `element` holds text other than XML whitespace. */
export function rejectText(element: XmlObject, where: string, xml?: string): void {
  const texts = element['#text'];
  const text = Array.isArray(texts) ? texts.join('') : typeof texts === 'string' ? texts : '';
  const start = firstNonSpace(text);
  if (start === -1) return;

  const shown = text.slice(start);
  throw new DirectoParseError('unexpected-text', `unexpected text in ${where}`, {
    excerpt: excerptOf(xml ?? shown, xml === undefined ? 0 : Math.max(0, xml.indexOf(shown))),
  });
}

// fast-xml-parser's validator and parser both overlook text after a root written as an
// empty-element tag (`<transport/>junk`). Only comments, processing instructions and
// whitespace may follow the root; returns where anything else starts, or -1.
function textAfterEmptyRoot(xml: string): number {
  let i = skipMisc(xml, 0);
  if (xml.startsWith('<!DOCTYPE', i)) return -1;
  let quote = '';
  for (i += 1; i < xml.length; i += 1) {
    const char = xml.charAt(i);
    if (quote !== '') quote = char === quote ? '' : quote;
    else if (char === '"' || char === "'") quote = char;
    else if (char === '>') break;
  }
  if (xml.charAt(i - 1) !== '/') return -1;
  const end = skipMisc(xml, i + 1);

  return end === xml.length ? -1 : end;
}

// Past whitespace, comments and processing instructions (the XML declaration among them).
function skipMisc(xml: string, from: number): number {
  let i = from;
  for (;;) {
    while (isXmlSpace(xml.charAt(i)) && i < xml.length) i += 1;
    const close = xml.startsWith('<!--', i) ? '-->' : xml.startsWith('<?', i) ? '?>' : '';
    if (close === '') return i;
    const end = xml.indexOf(close, i);
    if (end === -1) return i;
    i = end + close.length;
  }
}

// The validator lists unclosed elements as a JSON array: "Invalid '["a","b"]' found."
function explainValidatorMessage(message: string): string {
  const unclosed = /^Invalid '(\[.*\])' found\.?$/s.exec(message)?.[1];
  if (unclosed === undefined) return message;

  const names = (JSON.parse(unclosed) as string[]).map((name) => `<${name}>`);
  const shown = names.slice(0, 5).join(', ');
  const more = names.length > 5 ? ` and ${names.length - 5} more` : '';
  return `the document ends before these elements are closed: ${shown}${more}`;
}

function lineOf(text: string, line: number): string {
  return text.split('\n')[line - 1] ?? '';
}

/** Turns parsed elements into records, checking each against the schema. */
class RecordReader {
  constructor(
    private readonly unknownAttributes: 'error' | 'ignore',
    private recordCount = 0,
    /** The text being read, for excerpts in errors. */
    private readonly source = '',
  ) {}

  readEnvelope(name: string, root: XmlObject, schema: DocumentSchema): XmlObject[] {
    if (name === schema.record.element) return [this.readRecord(root, schema.record)];
    if (name === schema.container) return this.readContainer(root, schema);
    if (name === 'transport') return this.readTransport(root, schema);
    if (/^(results?|err|error)$/i.test(name)) throw directoError(name, root);

    throw new DirectoParseError(
      'unexpected-root',
      `expected <transport>, <${schema.container}> or <${schema.record.element}>, got <${name}>`,
      { excerpt: excerptOf(this.source, Math.max(0, this.source.indexOf(`<${name}`))) },
    );
  }

  private readTransport(transport: XmlObject, schema: DocumentSchema): XmlObject[] {
    const allowed = [schema.container, schema.record.element];
    this.checkContent(transport, '<transport>', allowed);
    const containers = elements(transport, schema.container);
    const records = elements(transport, schema.record.element);
    if (containers.length > 0 && records.length > 0) {
      throw new DirectoParseError(
        'unexpected-element',
        `<transport> holds both <${schema.container}> and bare <${schema.record.element}> elements`,
      );
    }

    return [
      ...records.map((record) => this.readRecord(record, schema.record)),
      ...containers.flatMap((container) => this.readContainer(container, schema)),
    ];
  }

  private readContainer(container: XmlObject, schema: DocumentSchema): XmlObject[] {
    this.checkContent(container, `<${schema.container}>`, [schema.record.element]);

    return elements(container, schema.record.element).map((record) =>
      this.readRecord(record, schema.record),
    );
  }

  private readRecord(element: XmlObject, schema: RecordSchema): XmlObject {
    this.recordCount += 1;
    const where = `<${schema.element}> number ${this.recordCount}`;
    this.checkContent(
      element,
      where,
      schema.children.map((child) => child.wrapper),
    );

    const attributes = attributesOf(element);
    const record: XmlObject = {};
    for (const field of schema.fields) {
      const raw = attributes[field.name];
      if (typeof raw === 'string') record[field.name] = convert(field, raw, where);
    }
    for (const child of schema.children) {
      const wrappers = elements(element, child.wrapper);
      record[child.wrapper] = wrappers.flatMap((wrapper) => {
        this.checkContent(wrapper, `<${child.wrapper}> in ${where}`, [child.record.element]);
        return elements(wrapper, child.record.element).map((item) =>
          this.readRecord(item, child.record),
        );
      });
    }
    if (this.unknownAttributes === 'error') checkAttributes(attributes, schema, where);

    return record;
  }

  private checkContent(
    element: XmlObject,
    where: string,
    allowedElements: readonly string[],
  ): void {
    rejectText(element, where);
    for (const name of Object.keys(element)) {
      if (name === '#text' || name === ATTRIBUTES || allowedElements.includes(name)) continue;
      throw new DirectoParseError('unexpected-element', `unexpected element <${name}> in ${where}`);
    }
  }
}

// fast-xml-parser gives an element holding only text as that text, and an empty one as ''.
/** The child elements of a parsed element with the given name, in order. */
export function elements(parent: XmlObject, name: string): XmlObject[] {
  const value = parent[name];
  if (!Array.isArray(value)) return [];

  return value.map((item: unknown) => {
    if (typeof item === 'object' && item !== null) return item as XmlObject;
    return typeof item === 'string' && item !== '' ? { '#text': item } : {};
  });
}

function convert(field: FieldSchema, raw: string, where: string): string | number {
  if (field.type !== 'int') {
    if (hasTypeSyntax(field.type, raw)) return raw;
    throw new DirectoParseError(
      'invalid-value',
      `${field.name} of ${where} is not an xsd:${field.type}`,
      {
        excerpt: excerptOf(raw),
      },
    );
  }

  const value = parseXsdInt(raw);
  if (value === undefined) {
    throw new DirectoParseError('invalid-value', `${field.name} of ${where} is not an xsd:int`, {
      excerpt: excerptOf(raw),
    });
  }
  if (field.values !== undefined && !field.values.includes(value)) {
    throw new DirectoParseError(
      'invalid-value',
      `${field.name} of ${where} is ${value}, not one of the documented values ` +
        field.values.join(', '),
    );
  }

  return value;
}

/** The attributes of a parsed element, by name. */
export function attributesOf(element: XmlObject): Readonly<Record<string, unknown>> {
  const attributes = element[ATTRIBUTES];

  return typeof attributes === 'object' && attributes !== null ? (attributes as XmlObject) : {};
}

function checkAttributes(
  attributes: Readonly<Record<string, unknown>>,
  schema: RecordSchema,
  where: string,
): void {
  for (const name of Object.keys(attributes)) {
    if (schema.fields.some((field) => field.name === name)) continue;
    throw new DirectoParseError(
      'unknown-attribute',
      `${where} has the attribute "${name}", which the schema lacks; regenerate from the ` +
        'current schema, or parse with { unknownAttributes: "ignore" }',
      { excerpt: excerptOf(`${name}="${String(attributes[name])}"`) },
    );
  }
}

// `<result type="5" desc="Unauthorized"/>`, `<results><Result Type="5" …/></results>` or
// `<err>token required</err>`; names and attributes come in either case.
/** The error Directo answered with instead of data. */
export function directoError(name: string, root: XmlObject): DirectoParseError {
  const inner = Object.entries(root).find(([key]) => /^result$/i.test(key))?.[1];
  const result =
    Array.isArray(inner) && typeof inner[0] === 'object' ? (inner[0] as XmlObject) : root;
  const attributes = attributesOf(result);
  const attribute = (key: string) => {
    const found = Object.entries(attributes).find(([k]) => k.toLowerCase() === key);
    return typeof found?.[1] === 'string' ? found[1] : undefined;
  };
  const texts = root['#text'];
  const text = Array.isArray(texts) ? texts.join('') : typeof texts === 'string' ? texts : '';
  const resultType = attribute('type');
  const resultDescription = attribute('desc') ?? (text.trim() || undefined);
  const typePart = resultType === undefined ? '' : ` type ${resultType}`;
  const descriptionPart = resultDescription === undefined ? '' : `: ${resultDescription}`;

  return new DirectoParseError(
    'directo-error',
    `Directo answered with <${name}>${typePart}${descriptionPart}`,
    {
      resultType,
      resultDescription,
    },
  );
}
