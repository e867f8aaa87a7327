// The lexical checks of the XSD types, against their definitions written as regular
// expressions, on random text made of the characters that matter; and a get response
// whose values break them.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { parseDocument, parseDocumentConformant } from '../templates/runtime/parse.js';
import type { DocumentSchema } from '../templates/runtime/schema.js';
import { isXsdDateTime, parseXsdInt } from '../templates/runtime/xsd-values.js';

describe('xsd:int', () => {
  it('reads exactly the signed digit strings within 32 bits', () => {
    const text = fc.string({
      unit: fc.constantFrom('+', '-', '0', '1', '7', '9', ' ', 'x'),
      maxLength: 14,
    });
    fc.assert(
      fc.property(text, (value) => {
        const number = Number(value);
        const isInt = /^[+-]?[0-9]+$/.test(value) && number >= -(2 ** 31) && number < 2 ** 31;
        expect(parseXsdInt(value)).toBe(isInt ? number + 0 : undefined);
      }),
      { numRuns: 5000 },
    );
    expect(parseXsdInt('0000000000000000000000042')).toBe(42);
    expect(parseXsdInt('-2147483648')).toBe(-2147483648);
    expect(parseXsdInt('2147483648')).toBeUndefined();
  });
});

describe('xsd:dateTime', () => {
  it('accepts the plain form exactly when the full check does', () => {
    const digit = fc.constantFrom('0', '1', '2', '3', '4', '9');
    const plain = fc
      .array(digit, { minLength: 14, maxLength: 14 })
      .map(
        (d) =>
          `${d.slice(0, 4).join('')}-${d[4]}${d[5]}-${d[6]}${d[7]}` +
          `T${d[8]}${d[9]}:${d[10]}${d[11]}:${d[12]}${d[13]}`,
      );
    fc.assert(
      fc.property(plain, (value) => {
        // The same text with a zero fraction takes the full check's path.
        expect(isXsdDateTime(value)).toBe(isXsdDateTime(`${value}.0`));
      }),
      { numRuns: 5000 },
    );
    expect(isXsdDateTime('2024-02-29T24:00:00')).toBe(true);
    expect(isXsdDateTime('2023-02-29T10:00:00')).toBe(false);
    expect(isXsdDateTime('0000-01-01T00:00:00')).toBe(false);
  });
});

describe('decimals and dateTimes in a get response', () => {
  const schema: DocumentSchema = {
    container: 'things',
    record: {
      element: 'thing',
      fields: [
        { name: 'price', type: 'decimal' },
        { name: 'at', type: 'dateTime' },
      ],
      children: [],
    },
  };

  it('are kept exactly as written', () => {
    const xml = '<things><thing price="-0150.00" at="2024-01-15T10:30:00.50"/></things>';
    expect(parseDocument(xml, schema)).toEqual([
      { price: '-0150.00', at: '2024-01-15T10:30:00.50' },
    ]);
  });

  it.each([
    ['price', '1e5'],
    ['price', '150,00'],
    ['price', ' 1'],
    ['price', ''],
    ['at', '2024-01-15 10:30:00'],
    ['at', '15.01.2024'],
  ])('are refused when %s is "%s", on the fast and the conformant path', (field, value) => {
    const xml = `<thing ${field}="${value}"/>`;
    for (const parse of [parseDocument, parseDocumentConformant]) {
      expect(() => parse(xml, schema)).toThrow(
        expect.objectContaining({ kind: 'invalid-value', message: expect.stringContaining(field) }),
      );
    }
  });
});
