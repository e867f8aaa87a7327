// Attribute values as the fast reader decodes them: the common references quickly, anything
// unusual by the careful decoder, and undefined for what XML does not allow.

import { decodeAttribute, findInvalidXmlChar } from './xml-text.js';

// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const PLAIN_VALUE = /^[^&<\u0000-\u001f\ud800-\udfff\ufffe\uffff]*$/;

// Decodes the references Directo writes (the five named ones, decimal and hex character
// references) and turns literal tabs and line breaks into spaces, as XML requires. Anything
// unusual (a reference to a control character, an unknown entity, a lone surrogate) is
// left to the careful decoder. A value it refuses gives undefined, which sends the document
// to the full parser.
export function decodeValue(raw: string): string | undefined {
  if (PLAIN_VALUE.test(raw)) return raw;
  // The pieces are joined once at the end: appending them one by one would give a rope of
  // pieces, which the records returned would keep, several times larger than its text.
  const pieces: string[] = [];
  let from = 0;
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw.charCodeAt(i);
    if (c === 0x26) {
      const end = raw.indexOf(';', i + 1);
      const char = end === -1 ? undefined : referencedChar(raw, i + 1, end);
      if (char === undefined) return carefulDecode(raw);
      pieces.push(raw.slice(from, i), char);
      i = end;
      from = end + 1;
    } else if (c === 0x09 || c === 0x0a || c === 0x0d) {
      pieces.push(raw.slice(from, i), ' ');
      if (c === 0x0d && raw.charCodeAt(i + 1) === 0x0a) i += 1;
      from = i + 1;
    } else if (c < 0x20 || c === 0x3c || (c >= 0xd800 && c <= 0xdfff) || c >= 0xfffe) {
      return carefulDecode(raw);
    }
  }
  if (from === 0) return raw;
  pieces.push(raw.slice(from));

  return pieces.join('');
}

// The character `&name;` stands for, when it is one the fast path decodes.
function referencedChar(raw: string, start: number, end: number): string | undefined {
  const name = raw.slice(start, end);
  switch (name) {
    case 'amp':
      return '&';
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
  }
  if (name.charCodeAt(0) !== 0x23) return undefined;
  const isHex = name.charCodeAt(1) === 0x78;
  const digits = name.slice(isHex ? 2 : 1);
  if (!(isHex ? /^[0-9a-fA-F]{1,6}$/ : /^[0-9]{1,7}$/).test(digits)) return undefined;
  const code = parseInt(digits, isHex ? 16 : 10);
  const isPlain =
    code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code < 0xd800);

  return isPlain ? String.fromCharCode(code) : undefined;
}

function carefulDecode(raw: string): string | undefined {
  if (findInvalidXmlChar(raw) !== -1) return undefined;
  try {
    return decodeAttribute(raw);
  } catch {
    return undefined;
  }
}
