// Reads small XML texts (one record cut from a response, a put answer, an error answer)
// into fast-xml-parser's plain objects, with value coercion off and the checks its
// validator lacks: malformed tags and comments, text after an empty root, a DOCTYPE. Each
// element's children are lists, attributes sit under one key, and text under `#text`.

import {
  XMLParser,
  XMLValidator,
  type EntityDecoderOptions,
  type X2jOptions,
} from 'fast-xml-parser';

import { DirectoParseError, excerptOf, positionIn } from './errors.js';
import { decodeAttribute, findMalformedMarkup, firstNonSpace, isXmlSpace } from './xml-text.js';

/** An element as fast-xml-parser gives it. */
export type XmlObject = Record<string, unknown>;

// Attributes are grouped under a key no element name can take, so the two never collide.
export const ATTRIBUTES = '@attributes';

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

/** The root element of `text`, parsed; throws DirectoParseError on anything malformed. */
export function readRoot(text: string): { name: string; value: XmlObject } {
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

/** The attributes of a parsed element, by name. */
export function attributesOf(element: XmlObject): Readonly<Record<string, unknown>> {
  const attributes = element[ATTRIBUTES];

  return typeof attributes === 'object' && attributes !== null ? (attributes as XmlObject) : {};
}
