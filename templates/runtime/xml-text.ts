// Character-level XML rules: which characters XML 1.0 can carry, how attribute values are
// escaped on the way out and decoded on the way in, and the lexical forms of the XSD types.

import type { FieldType } from './schema.js';

// XML 1.0 allows tab, line feed, carriage return and everything from U+0020 except the
// surrogate range (so no unpaired surrogate) and U+FFFE and U+FFFF.
const INVALID_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

// The same without pairing surrogates, which is much quicker: it also matches every
// surrogate, so a match only means the precise check must run.
const MAYBE_INVALID_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/;

/** The index of the first character XML 1.0 cannot carry, or -1. */
export function findInvalidXmlChar(text: string): number {
  if (!MAYBE_INVALID_XML_CHAR.test(text)) return -1;
  const match = INVALID_XML_CHAR.exec(text);

  return match === null ? -1 : match.index;
}

/** `<?xml version="1.0" encoding="…" standalone="…"?>`, the last two optional. */
export const XML_DECLARATION = (() => {
  const s = '[ \\t\\r\\n]';
  const eq = `${s}*=${s}*`;
  const version = `${s}+version${eq}(["'])1\\.0\\1`;
  const encoding = `(?:${s}+encoding${eq}(["'])[A-Za-z][A-Za-z0-9._-]*\\2)?`;
  const standalone = `(?:${s}+standalone${eq}(["'])(?:yes|no)\\3)?`;
  return new RegExp(`^<\\?xml${version}${encoding}${standalone}${s}*\\?>`);
})();

// A processing instruction: its target is a name, and not `xml` in any case.
const PROCESSING_INSTRUCTION = new RegExp(
  '^<\\?(?![Xx][Mm][Ll][\\s?])[\\p{L}_:][\\p{L}\\p{N}._:\\u00B7-]*(?:[ \\t\\r\\n][^]*)?\\?>$',
  'u',
);

/** True when `text` is a whole comment, `<!--…-->`, as XML allows it. */
function isXmlComment(text: string): boolean {
  if (text.length < 7 || !text.startsWith('<!--') || !text.endsWith('-->')) return false;
  const body = text.slice(4, -3);

  return !body.includes('--') && !body.endsWith('-') && findInvalidXmlChar(body) === -1;
}

/**
 * True when `text` is a whole processing instruction, `<?target …?>`, as XML allows it; the
 * XML declaration is not one, and is allowed only at the start of a document.
 */
function isProcessingInstruction(text: string): boolean {
  return PROCESSING_INSTRUCTION.test(text) && findInvalidXmlChar(text) === -1;
}

// Tag syntax, for what fast-xml-parser's validator lets through. Names are matched loosely
// (the schema decides which names are known); the rest is XML 1.0's grammar for tags.
const NAME = '[\\p{L}_:][\\p{L}\\p{M}\\p{N}._:\\u00B7-]*';
const SPACE = '[ \\t\\r\\n]';
const ATTRIBUTE = `${SPACE}+${NAME}${SPACE}*=${SPACE}*(?:"[^"]*"|'[^']*')`;
const START_TAG = new RegExp(`^<${NAME}(?:${ATTRIBUTE})*${SPACE}*/?>$`, 'u');
const END_TAG = new RegExp(`^</${NAME}${SPACE}*>$`, 'u');
const ATTRIBUTE_PARTS = new RegExp(
  `${SPACE}+(${NAME})${SPACE}*=${SPACE}*(?:"([^"]*)"|'([^']*)')`,
  'gu',
);
const NOT_SPACE = /[^ \t\r\n]/;

/** True when `text` is empty or only XML whitespace (space, tab, line feed, carriage return). */
export function isXmlSpace(text: string): boolean {
  return !NOT_SPACE.test(text);
}

/** The index of the first character of `text` that is not XML whitespace, or -1. */
export function firstNonSpace(text: string): number {
  return text.search(NOT_SPACE);
}

/**
 * What is wrong with a whole start tag, `<name a="1" b='2'>` or `<name/>`, or undefined:
 * its syntax, a repeated attribute, or a value XML does not allow.
 */
export function startTagProblem(tag: string): string | undefined {
  if (!START_TAG.test(tag)) return 'a malformed start tag';

  const names = new Set<string>();
  for (const [, name = '', double, single] of tag.matchAll(ATTRIBUTE_PARTS)) {
    if (names.has(name)) return `the attribute "${name}" is repeated`;
    names.add(name);
    try {
      decodeAttribute(double ?? single ?? '');
    } catch (error) {
      return `the attribute "${name}": ${(error as Error).message}`;
    }
  }

  return undefined;
}

/** True when `text` is a whole end tag, `</name>`. */
export function isEndTag(text: string): boolean {
  return END_TAG.test(text);
}

/**
 * Where the first malformed piece of markup in `xml` starts, and what is wrong with it, or
 * undefined. fast-xml-parser's validator passes an attribute without a name (`<a ="1">`),
 * text between attributes (`<a b="1"=c="2">`), a space after `</`, `--` inside a comment and
 * the XML declaration out of place, all of which XML forbids. CDATA is skipped, and markup
 * that never ends is left to the validator.
 */
export function findMalformedMarkup(xml: string): { at: number; problem: string } | undefined {
  for (let lt = xml.indexOf('<'); lt !== -1;) {
    const end = markupEnd(xml, lt);
    if (end === -1) return undefined;
    const problem = markupProblem(
      xml.slice(lt, end),
      lt === (xml.charCodeAt(0) === 0xfeff ? 1 : 0),
    );
    if (problem !== undefined) return { at: lt, problem };
    lt = xml.indexOf('<', end);
  }

  return undefined;
}

// Markup other than tags, by its opener and terminator; the first that fits is the one.
const DELIMITED: readonly (readonly [string, string])[] = [
  ['<!--', '-->'],
  ['<![CDATA[', ']]>'],
  ['<?', '?>'],
  ['<!', '>'],
];

// Where the markup at `lt` ends, or -1 when it never does.
function markupEnd(xml: string, lt: number): number {
  const delimited = DELIMITED.find(([opener]) => xml.startsWith(opener, lt));
  if (delimited !== undefined) {
    const [opener, terminator] = delimited;
    const end = xml.indexOf(terminator, lt + opener.length);
    return end === -1 ? -1 : end + terminator.length;
  }

  const { end } = findTagEnd(xml, lt + 1);
  return end === -1 ? -1 : end + 1;
}

/**
 * What is wrong with one whole piece of markup (a tag, comment, instruction, declaration or
 * CDATA section), or undefined; the XML declaration is allowed only when `isAtStart`.
 */
export function markupProblem(markup: string, isAtStart: boolean): string | undefined {
  if (markup.startsWith('<![CDATA[')) return undefined;
  if (markup.startsWith('<!--')) return isXmlComment(markup) ? undefined : 'a malformed comment';
  if (markup.startsWith('<?')) return instructionProblem(markup, isAtStart);
  if (markup.startsWith('<!')) return 'a declaration XML does not allow here';
  if (markup.startsWith('</')) return isEndTag(markup) ? undefined : 'a malformed end tag';

  return startTagProblem(markup);
}

function instructionProblem(markup: string, isAtStart: boolean): string | undefined {
  if (isProcessingInstruction(markup)) return undefined;
  if (XML_DECLARATION.exec(markup)?.[0] !== markup) return 'a malformed instruction';

  return isAtStart ? undefined : 'the XML declaration must start the document';
}

/**
 * The `>` that ends the tag being read from `from`, skipping quoted attribute values (which
 * may hold `>`); -1 and the quote still open, if any, when the text ends first. `open` is
 * the quote open at `from`, for a search resumed where an earlier one stopped.
 */
export function findTagEnd(text: string, from: number, open = ''): { end: number; quote: string } {
  let quote = open;
  for (let i = from; i < text.length; i += 1) {
    if (quote !== '') {
      const close = text.indexOf(quote, i);
      if (close === -1) return { end: -1, quote };
      i = close;
      quote = '';
      continue;
    }
    const char = text[i];
    if (char === '"' || char === "'") quote = char;
    else if (char === '>') return { end: i, quote: '' };
  }

  return { end: -1, quote };
}

/** `U+0001` for the code point at `index`. */
export function codePointLabel(text: string, index: number): string {
  const codePoint = text.codePointAt(index) ?? 0;

  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

const NEEDS_ESCAPING = /[&<>"\t\n\r]/;

// By character code, which is quicker to look up than by character.
const ATTRIBUTE_ESCAPES: readonly (string | undefined)[] = (() => {
  const escapes: (string | undefined)[] = [];
  escapes[0x26] = '&amp;';
  escapes[0x3c] = '&lt;';
  escapes[0x3e] = '&gt;';
  escapes[0x22] = '&quot;';
  escapes[0x09] = '&#9;';
  escapes[0x0a] = '&#10;';
  escapes[0x0d] = '&#13;';
  return escapes;
})();

/**
 * Escapes a value for a double-quoted attribute. Tab, line feed and carriage return are
 * written as character references, since a parser turns them into spaces when literal.
 */
export function escapeAttribute(value: string): string {
  if (!NEEDS_ESCAPING.test(value)) return value;

  let result = '';
  let from = 0;
  for (let i = 0; i < value.length; i += 1) {
    const escaped = ATTRIBUTE_ESCAPES[value.charCodeAt(i)];
    if (escaped === undefined) continue;
    result += value.slice(from, i) + escaped;
    from = i + 1;
  }
  return result + value.slice(from);
}

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/**
 * Decodes an attribute value as XML 1.0 does: literal tabs and line breaks become spaces,
 * then the five predefined entities and character references are replaced. A bare `&`, an
 * undeclared entity, a raw `<` or a reference to a character XML cannot carry is an error.
 */
export function decodeAttribute(raw: string): string {
  const invalid = findInvalidXmlChar(raw);
  if (invalid !== -1) throw new Error(`${codePointLabel(raw, invalid)} is not allowed in XML`);
  const normalized = /[\t\n\r]/.test(raw) ? raw.replace(/\r\n|[\t\n\r]/g, ' ') : raw;
  if (normalized.includes('<')) throw new Error('"<" is not allowed in an attribute value');
  if (!normalized.includes('&')) return normalized;

  return normalized.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new Error(`"&" not followed by a reference: ${whole}`);

    return decodeReference(name);
  });
}

function decodeReference(name: string): string {
  const predefined = PREDEFINED_ENTITIES[name];
  if (predefined !== undefined) return predefined;

  const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(name);
  if (numeric === null) throw new Error(`undeclared entity &${name};`);

  const codePoint = numeric[1] !== undefined ? parseInt(numeric[1], 16) : Number(numeric[2]);
  const char = codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '';
  if (char === '' || findInvalidXmlChar(char) !== -1) {
    throw new Error(`&${name}; refers to a character XML cannot carry`);
  }

  return char;
}

/** xsd:int: an optional sign and digits, within 32 bits; of `text` from `from` to `to`. */
export function parseXsdInt(text: string, from = 0, to = text.length): number | undefined {
  const sign = text.charCodeAt(from) === 0x2d ? -1 : 1;
  const start = sign === -1 || text.charCodeAt(from) === 0x2b ? from + 1 : from;
  if (start >= to) return undefined;

  // Digits only, read as they go; leading zeros are allowed, as xsd:int allows them.
  let value = 0;
  for (let i = start; i < to; i += 1) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  value *= sign;
  return value >= -2147483648 && value <= 2147483647 ? value + 0 : undefined;
}

// The form Directo writes, `2024-01-15T10:30:00`, checked without a regular expression or
// any allocation, since a get response holds one or two per record; undefined for any other
// form, which the full check reads.
function plainDateTime(text: string): boolean | undefined {
  if (text.length !== 19 || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T') {
    return undefined;
  }
  if (text[13] !== ':' || text[16] !== ':') return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if ((year | month | day | hour | minute | second) < 0) return undefined;

  return fieldsInRange(year, month, day, hour, minute, second, true);
}

// Year, month, day, hour, minute and second in range; 24:00:00 only with a zero fraction.
function fieldsInRange(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  isFractionZero: boolean,
): boolean {
  const isMidnight = hour === 24 && minute === 0 && second === 0 && isFractionZero;

  return (
    year !== 0 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    (hour <= 23 || isMidnight) &&
    minute <= 59 &&
    second <= 59
  );
}

// The number written by `count` digits at `at`, or -1.
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i += 1) {
    const code = text.charCodeAt(i) - 0x30;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/** True for the lexical form of xsd:decimal: digits with an optional sign and point. */
export function isXsdDecimal(text: string): boolean {
  return /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/.test(text);
}

/**
 * True when `text` is written as its field type requires: xsd:decimal and xsd:dateTime are
 * checked here, xsd:int by parseXsdInt, and any text is a string.
 */
export function hasTypeSyntax(type: FieldType, text: string): boolean {
  if (type === 'decimal') return isXsdDecimal(text);

  return type !== 'dateTime' || isXsdDateTime(text);
}

// year-month-day, T, hours:minutes:seconds, optional fraction, optional zone.
const DATE_TIME = new RegExp(
  String.raw`^(-?(?:[1-9][0-9]{3,}|0[0-9]{3}))-([0-9]{2})-([0-9]{2})` +
    String.raw`T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$`,
);

/** True for the lexical form of xsd:dateTime, with its fields in range. */
export function isXsdDateTime(text: string): boolean {
  const plain = plainDateTime(text);
  if (plain !== undefined) return plain;
  const match = DATE_TIME.exec(text);
  if (match === null) return false;

  const field = (group: number) => Number(match[group]);
  const isFractionZero = !/[1-9]/.test(match[7] ?? '');
  const [year, month, day] = [field(1), field(2), field(3)];
  return (
    fieldsInRange(year, month, day, field(4), field(5), field(6), isFractionZero) &&
    isValidZone(match[8])
  );
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;

  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isValidZone(zone: string | undefined): boolean {
  if (zone === undefined || zone === 'Z') return true;

  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  return minutes <= 59 && (hours < 14 || (hours === 14 && minutes === 0));
}
