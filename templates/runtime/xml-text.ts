// Character-level XML rules: which characters XML 1.0 can carry, which markup is well
// formed, and how attribute values are escaped on the way out and decoded on the way in.

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

// XML 1.0's names, by its character ranges: what may start a name, and what may follow. The
// ranges hold combining marks and joiners as single characters, as XML lists them, so the
// expressions built from them are marked for the linter, which would take them for mistakes.
const NAME_START =
  ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF' +
  '\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD' +
  '\\u{10000}-\\u{EFFFF}';
const NAME_REST = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040`;
const NAME = `[${NAME_START}][${NAME_REST}]*`;

// A processing instruction: its target is a name, and not `xml` in any case.
const PROCESSING_INSTRUCTION = new RegExp(
  // eslint-disable-next-line no-misleading-character-class -- XML lists marks and joiners singly
  `^<\\?(?![Xx][Mm][Ll][\\s?])${NAME}(?:[ \\t\\r\\n][^]*)?\\?>$`,
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

// Tag syntax, for what fast-xml-parser's validator lets through: XML 1.0's grammar for tags.
const SPACE = '[ \\t\\r\\n]';
const ATTRIBUTE = `${SPACE}+${NAME}${SPACE}*=${SPACE}*(?:"[^"]*"|'[^']*')`;
// eslint-disable-next-line no-misleading-character-class -- XML lists marks and joiners singly
const START_TAG = new RegExp(`^<${NAME}(?:${ATTRIBUTE})*${SPACE}*/?>$`, 'u');
// eslint-disable-next-line no-misleading-character-class -- XML lists marks and joiners singly
const END_TAG = new RegExp(`^</${NAME}${SPACE}*>$`, 'u');
const ATTRIBUTE_PARTS = new RegExp(
  // eslint-disable-next-line no-misleading-character-class -- XML lists marks and joiners singly
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
