// The form encoding of put bodies: the streamed body is encoded piece by piece and its
// length declared in advance, so both must agree with URLSearchParams to the byte.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { encodeFormValue, formValueLength } from '../templates/runtime/form-body.js';

// Any text XML can carry: every code point but the surrogates used alone.
const text = fc.string({ unit: 'grapheme', maxLength: 40 }).chain((graphemes) =>
  fc
    .string({
      unit: fc.constantFrom(
        ' ',
        '+',
        '&',
        '=',
        '%',
        '~',
        "'",
        '(',
        '*',
        '-',
        '.',
        '_',
        'õ',
        '😀',
        '\n',
      ),
      maxLength: 10,
    })
    .map((specials) => graphemes + specials),
);

describe('form encoding', () => {
  it('encodes a value exactly as URLSearchParams does, and measures it', () => {
    fc.assert(
      fc.property(text, (value) => {
        const expected = new URLSearchParams({ x: value }).toString().slice('x='.length);
        expect(encodeFormValue(value)).toBe(expected);
        expect(formValueLength(value)).toBe(expected.length);
      }),
      { numRuns: 3000 },
    );
  });

  it('measures a value split into pieces as the whole', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 5 }), (pieces) => {
        const lengths = pieces.reduce((sum, piece) => sum + formValueLength(piece), 0);
        expect(lengths).toBe(formValueLength(pieces.join('')));
      }),
    );
  });
});
