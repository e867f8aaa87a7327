// The XML syntax the fast reader steps over between values: the prolog, whitespace and
// comments between elements, and the names and ends of tags. Every method moves a position
// through the text, and throws OUTSIDE where the text leaves the subset the fast reader
// handles, so that the caller reads it with the conformant parser instead.

import { findInvalidXmlChar, XML_DECLARATION } from './xml-text.js';

/** Thrown when the text leaves the fast subset; fast-read turns it into undefined. */
export const OUTSIDE = new Error('outside the fast subset');

/** A position in XML text, and the steps over its markup. */
export class FastCursor {
  protected i = 0;

  protected readonly s: string;

  constructor(s: string) {
    this.s = s;
  }

  protected prolog(): void {
    const { s } = this;
    if (s.charCodeAt(0) === 0xfeff) this.i = 1;
    if (s.startsWith('<?xml', this.i)) {
      const match = XML_DECLARATION.exec(s.slice(this.i, this.i + 200));
      if (match === null) throw OUTSIDE;
      this.i += match[0].length;
    }
    this.misc();
  }

  protected end(): void {
    this.misc();
    if (this.i !== this.s.length) throw OUTSIDE;
  }

  // Whitespace and comments, which may stand between elements.
  protected misc(): void {
    const { s } = this;
    for (;;) {
      this.space();
      if (!s.startsWith('<!--', this.i)) return;
      const close = s.indexOf('--', this.i + 4);
      if (close === -1 || s.charCodeAt(close + 2) !== 0x3e) throw OUTSIDE;
      if (findInvalidXmlChar(s.slice(this.i + 4, close)) !== -1) throw OUTSIDE;
      this.i = close + 3;
    }
  }

  protected space(): void {
    const { s } = this;
    let c = s.charCodeAt(this.i);
    while (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) c = s.charCodeAt(++this.i);
  }

  // After `<`: true, past the name, when the next element is `name`; otherwise unmoved.
  protected opens(name: string): boolean {
    const { s } = this;
    if (s.charCodeAt(this.i) !== 0x3c || !s.startsWith(name, this.i + 1)) return false;
    if (isNameChar(s.charCodeAt(this.i + 1 + name.length))) return false;
    this.i += 1 + name.length;

    return true;
  }

  // After `<`: the element name. Leaves the position at what follows the name.
  protected startName(): string {
    const { s } = this;
    if (s.charCodeAt(this.i) !== 0x3c) throw OUTSIDE;
    const start = ++this.i;
    let c = s.charCodeAt(this.i);
    while (isNameChar(c)) c = s.charCodeAt(++this.i);
    if (this.i === start) throw OUTSIDE;

    return s.slice(start, this.i);
  }

  // The rest of a start tag with no attributes; true when it was empty (`/>`).
  protected bareTagEnd(): boolean {
    this.space();
    const c = this.s.charCodeAt(this.i);
    if (c === 0x3e) {
      this.i += 1;
      return false;
    }
    if (c === 0x2f && this.s.charCodeAt(this.i + 1) === 0x3e) {
      this.i += 2;
      return true;
    }
    throw OUTSIDE;
  }

  // After content: `</name>` is next (true), or another child element (false).
  protected closes(name: string): boolean {
    this.misc();
    const { s } = this;
    if (s.charCodeAt(this.i) !== 0x3c || s.charCodeAt(this.i + 1) !== 0x2f) return false;
    if (!s.startsWith(name, this.i + 2)) throw OUTSIDE;
    this.i += 2 + name.length;
    this.space();
    if (s.charCodeAt(this.i) !== 0x3e) throw OUTSIDE;
    this.i += 1;

    return true;
  }
}

// Letters, digits, `_`, `-`, `.` and `:` of ASCII, which is all Directo's names use; any
// other name sends the text to the conformant parser.
export function isNameChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x5f ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x3a
  );
}
