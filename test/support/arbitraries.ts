// fast-check arbitraries for records, derived from a component's run-time schema, so the
// same property tests run on every component. Strings lean on what breaks XML codecs:
// Estonian letters, quotes, ampersands, angle brackets, tabs, line breaks, emoji, leading
// zeros and values of exactly the maximum length.

import fc from 'fast-check';

import type { FieldSchema, RecordSchema } from '../../templates/runtime/schema.js';

const TRICKY_UNITS = [
  'a',
  'Z',
  '0',
  '7',
  ' ',
  'õ',
  'ä',
  'ö',
  'ü',
  'Õ',
  'Š',
  'ž',
  '&',
  '<',
  '>',
  '"',
  "'",
  '\t',
  '\n',
  '\r',
  ';',
  '#',
  '=',
  '€',
  '😀',
  '👍🏽',
  '\u00a0',
  '\u2028',
  '\uFFFD',
  'x',
  '-',
  '/',
];

/** A string of at most `maxLength` UTF-16 code units, never splitting a surrogate pair. */
export function textArbitrary(maxLength = 60): fc.Arbitrary<string> {
  const unit = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...TRICKY_UNITS) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  );
  const pieces = fc.array(unit, { maxLength: Math.min(maxLength, 80) });
  const fitted = pieces.map((parts) => fit(parts, maxLength));
  const full = fc.constantFrom('ö', 'a', '&', '0').map((char) => char.repeat(maxLength));

  return fc
    .oneof({ weight: 8, arbitrary: fitted }, { weight: 1, arbitrary: full })
    .filter(isXmlText);
}

function fit(parts: readonly string[], maxLength: number): string {
  let text = '';
  for (const part of parts) {
    if (text.length + part.length > maxLength) break;
    text += part;
  }

  return text;
}

function isXmlText(text: string): boolean {
  return !/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(text);
}

/** Lexically valid xsd:decimal text, including leading zeros, signs and long digit runs. */
export const decimalArbitrary: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', '-', '+'),
    fc.stringMatching(/^[0-9]{0,40}$/),
    fc.option(fc.stringMatching(/^[0-9]{0,30}$/), { nil: undefined }),
  )
  .map(
    ([sign, whole, fraction]) => `${sign}${whole}${fraction === undefined ? '' : `.${fraction}`}`,
  )
  .filter((text) => /[0-9]/.test(text));

/** Lexically valid xsd:dateTime text, with and without fractions and zones. */
export const dateTimeArbitrary: fc.Arbitrary<string> = fc
  .record({
    date: fc.date({
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
    fraction: fc.option(fc.stringMatching(/^[0-9]{1,7}$/), { nil: undefined }),
    zone: fc.constantFrom('', 'Z', '+02:00', '-05:30', '+14:00'),
  })
  .map(({ date, fraction, zone }) => {
    const iso = date.toISOString().slice(0, 19);
    return `${iso}${fraction === undefined ? '' : `.${fraction}`}${zone}`;
  });

function valueArbitrary(field: FieldSchema): fc.Arbitrary<string | number> {
  if (field.values !== undefined) return fc.constantFrom(...field.values);
  switch (field.type) {
    case 'int':
      return fc.oneof(
        fc.integer({ min: -2147483648, max: 2147483647 }),
        fc.constantFrom(0, -1, 2147483647, -2147483648),
      );
    case 'decimal':
      return decimalArbitrary;
    case 'dateTime':
      return dateTimeArbitrary;
    case 'string':
      return textArbitrary(field.maxLength ?? 300);
  }
}

/** Valid records of `schema`: any subset of fields, mandatory ones always, children as arrays. */
export function recordArbitrary(
  schema: RecordSchema,
  depth = 0,
): fc.Arbitrary<Record<string, unknown>> {
  const fields = schema.fields.filter((field) => !field.isDoNotSend);
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of fields) {
    const value = valueArbitrary(field);
    shape[field.name] = field.isMandatory
      ? field.type === 'string'
        ? value.filter((text) => String(text).trim() !== '')
        : value
      : fc.option(value, { nil: undefined, freq: 2 });
  }
  for (const child of schema.children) {
    shape[child.wrapper] = fc.array(recordArbitrary(child.record, depth + 1), {
      maxLength: depth === 0 ? 3 : 2,
    });
  }

  return fc.record(shape).map(withoutUndefined);
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
