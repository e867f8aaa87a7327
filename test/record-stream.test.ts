// The streaming reader that lets iterate hold one record at a time: cut into any pieces, a
// response must give exactly the records the whole-document parser gives, and a bad one
// the same kind of error.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { contactOutputSchema } from '../generated/contact/codec.js';
import { DirectoParseError } from '../templates/runtime/errors.js';
import { parseDocument, parseRecordFragment } from '../templates/runtime/parse.js';
import { RecordSplitter } from '../templates/runtime/record-stream.js';
import { writeRecord } from '../templates/runtime/serialize.js';
import { recordArbitrary } from './support/arbitraries.js';

const schema = contactOutputSchema;

/** Reads `pieces` as iterate does; the whole parse when the answer is an error. */
function readStreamed(pieces: readonly string[]): unknown[] {
  const splitter = new RecordSplitter(schema);
  const records: unknown[] = [];
  for (const piece of pieces) {
    for (const fragment of splitter.push(piece)) {
      records.push(parseRecordFragment(fragment, schema, {}, records.length + 1));
    }
  }
  const refusal = splitter.end();
  if (refusal !== undefined) parseDocument(refusal, schema);
  return records;
}

function cut(text: string, points: readonly number[]): string[] {
  const at = [...new Set(points.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  return [0, ...at].map((start, i) => text.slice(start, at[i] ?? text.length));
}

const ENVELOPES: ((records: string) => string)[] = [
  (r) => `<?xml version="1.0" encoding="UTF-8"?>\n<transport><contacts>${r}</contacts></transport>`,
  (r) => `<transport>\r\n  ${r}\n</transport>\n`,
  (r) => `\uFEFF<contacts><!-- a comment with <contact/> inside -->${r}</contacts>`,
  (r) => `<transport>${r}</transport>`,
];

describe('RecordSplitter', () => {
  it('reads any cut of any response exactly as the whole-document parser', () => {
    const documents = fc
      .tuple(
        fc.array(recordArbitrary(schema.record), { maxLength: 6 }),
        fc.integer({ min: 0, max: ENVELOPES.length - 1 }),
      )
      .map(([records, envelope]) => {
        const parts: string[] = [];
        for (const record of records) writeRecord(schema.record, record, parts);
        return (ENVELOPES[envelope] as (r: string) => string)(parts.join('\n'));
      });
    const cuts = fc.array(fc.nat(), { maxLength: 12 });

    fc.assert(
      fc.property(documents, cuts, (document, points) => {
        expect(readStreamed(cut(document, points))).toEqual(parseDocument(document, schema));
      }),
      { numRuns: 1000 },
    );
  });

  it('reads a character at a time', () => {
    const document =
      '<transport><contacts><contact code="1" name="a &amp; &#x9;b&gt;"><datafields>' +
      '<data code="X" content="&lt;/contact&gt;"/></datafields></contact>' +
      '<contact code="2" name=\'"quoted\' comment="a > b"/></contacts></transport>';
    expect(readStreamed([...document])).toEqual(parseDocument(document, schema));
  });

  it('gives an empty answer no records', () => {
    expect(readStreamed(['<transport/>'])).toEqual([]);
    expect(readStreamed(['<transport>', '</transport>'])).toEqual([]);
  });

  const bad: [string, string, string][] = [
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY a "b">]><transport/>', 'doctype'],
    ['a truncated answer', '<transport><contacts><contact code="1"/>', 'malformed'],
    ['a truncated record', '<transport><contacts><contact code="1"', 'malformed'],
    ['an HTML page', '<html><body>502</body></html>', 'unexpected-root'],
    ['text between records', '<transport>oops<contact/></transport>', 'unexpected-text'],
    [
      'a stray element',
      '<transport><contacts><item/></contacts></transport>',
      'unexpected-element',
    ],
    ['mismatched tags', '<transport><contacts></transport></contacts>', 'malformed'],
    ['two roots', '<transport/><transport/>', 'malformed'],
    ['a refusal', '<result type="5" desc="Unauthorized"/>', 'directo-error'],
    ['an err answer', '<err>token required</err>', 'directo-error'],
    ['an empty answer', '', 'malformed'],
  ];

  it.each(bad)('refuses %s with a typed error', (_name, document, kind) => {
    for (const pieces of [[document], [...document]]) {
      const error = (() => {
        try {
          readStreamed(pieces);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(DirectoParseError);
      expect((error as DirectoParseError).kind).toBe(kind);
    }
  });
});
