// Attribute values as the fast reader takes them from the text: most are plain and are cut
// out as they are; the rest are decoded where they stand, the common references quickly,
// anything unusual by the careful decoder, and undefined for what XML does not allow.

import { decodeAttribute, findInvalidXmlChar } from './xml-text.js';

// What makes a value need refusing, or turning into spaces, besides a reference: a tab or line
// break (which XML turns into spaces), another control character, a surrogate, U+FFFE or
// U+FFFF. References are found apart, by indexOf: they are common, and it finds them several
// times faster than this expression, which is quick only where it has little to find.
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const CONTROL = /[\u0000-\u001f\ud800-\udfff\ufffe\uffff]/g;

/**
 * The values of one text, read in order. It remembers where the next reference, control
 * character and `<` are, so that one search serves a stretch of many plain values, and a
 * value that is not plain is decoded from the characters those searches find.
 */
export class ValueText {
  private readonly s: string;
  // The next `&`, control character (or surrogate) and `<` at or after the last value read;
  // -1 before the first value.
  private nextAmpersand = -1;
  private nextControl = -1;
  private nextLessThan = -1;

  constructor(s: string) {
    this.s = s;
  }

  /**
   * The value from `start` to `end` (its closing quote), or undefined where XML forbids it.
   * A plain value is a slice of the text, which V8 keeps whole while the slice lives: a copy
   * takes about six times as long as the slice, and a caller keeping a few records of a large
   * answer can copy those.
   */
  read(start: number, end: number): string | undefined {
    if (this.nextLessThan < start) this.nextLessThan = this.find('<', start);
    if (this.nextLessThan < end) return undefined;
    const special = this.nextSpecial(start);
    if (special >= end) return this.s.slice(start, end);

    return this.decode(start, end, special);
  }

  // Decodes a value with at least one special character, stepping from one to the next.
  // The pieces are joined once at the end: appending them one by one would give a rope of
  // pieces, which the records returned would keep, several times larger than its text.
  private decode(start: number, end: number, first: number): string | undefined {
    const { s } = this;
    const pieces: string[] = [];
    let from = start;
    for (let at = first; at < end; at = this.nextSpecial(from)) {
      const c = s.charCodeAt(at);
      let char: string | undefined;
      let next = at + 1;
      if (c === 0x26) {
        const semicolon = s.indexOf(';', next);
        char =
          semicolon === -1 || semicolon >= end ? undefined : referencedChar(s, next, semicolon);
        next = semicolon + 1;
      } else if (c === 0x09 || c === 0x0a || c === 0x0d) {
        char = ' ';
        if (c === 0x0d && s.charCodeAt(next) === 0x0a) next += 1;
      }
      if (char === undefined) return this.carefulDecode(start, end);
      pieces.push(s.slice(from, at), char);
      from = next;
    }
    pieces.push(s.slice(from, end));

    return pieces.join('');
  }

  // The first `&` or control character at or after `from`, or the text's length.
  private nextSpecial(from: number): number {
    if (this.nextAmpersand < from) this.nextAmpersand = this.find('&', from);
    if (this.nextControl < from) {
      // `test` rather than `exec`, which would allocate a match: the match is one
      // character, so it ends where the search now stands.
      CONTROL.lastIndex = from;
      this.nextControl = CONTROL.test(this.s) ? CONTROL.lastIndex - 1 : this.s.length;
    }
    return Math.min(this.nextAmpersand, this.nextControl);
  }

  private find(char: string, from: number): number {
    const at = this.s.indexOf(char, from);
    return at === -1 ? this.s.length : at;
  }

  // A reference to a control character, an unknown entity or a surrogate (a valid pair, or
  // one XML forbids) is left to the decoder the conformant path uses.
  private carefulDecode(start: number, end: number): string | undefined {
    const raw = this.s.slice(start, end);
    if (findInvalidXmlChar(raw) !== -1) return undefined;
    try {
      return decodeAttribute(raw);
    } catch {
      return undefined;
    }
  }
}

// The character a reference from `start` to `end` (after `&`, before `;`) stands for, when
// it is one the fast path decodes: the five named ones and character references to
// characters that need no care.
function referencedChar(s: string, start: number, end: number): string | undefined {
  if (s.charCodeAt(start) === 0x23) return characterReference(s, start + 1, end);
  switch (s.slice(start, end)) {
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
  return undefined;
}

// `#10;` or `#xA;`, read digit by digit without allocating.
function characterReference(s: string, start: number, end: number): string | undefined {
  const isHex = s.charCodeAt(start) === 0x78;
  const first = isHex ? start + 1 : start;
  if (first === end || end - first > (isHex ? 6 : 7)) return undefined;
  let code = 0;
  for (let i = first; i < end; i += 1) {
    const digit = hexDigit(s.charCodeAt(i));
    if (digit < 0 || (!isHex && digit > 9)) return undefined;
    code = code * (isHex ? 16 : 10) + digit;
  }
  const isPlain =
    code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code < 0xd800);

  return isPlain ? String.fromCharCode(code) : undefined;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}
