// The fast reader against saxes, a conformant parser: on every document it accepts it must
// read exactly what saxes reads, and it must accept the documents Directo writes, so the
// fast path is the one actually taken. Documents are generated with every legal variation
// of the markup, then fuzzed.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { contactOutputSchema, parseContacts } from '../generated/contact/codec.js';
import { fastReadDocument, fastReadRecord } from '../templates/runtime/fast-read.js';
import { DirectoParseError } from '../generated/index.js';
import { parseDocumentConformant } from '../templates/runtime/parse.js';
import type { RecordSchema } from '../templates/runtime/schema.js';
import { recordArbitrary } from './support/arbitraries.js';
import { saxesReadDocument } from './support/saxes-reader.js';

const schema = contactOutputSchema;
type Values = Record<string, unknown>;

/** How one document spells its markup: every choice XML leaves open. */
interface Spelling {
  readonly quote: '"' | "'";
  readonly space: string;
  readonly aroundEquals: string;
  readonly shuffle: boolean;
  readonly references: 'named' | 'decimal' | 'hex';
  readonly literalBreaks: boolean;
  readonly comments: boolean;
  readonly declaration: string;
  readonly envelope: 'transport' | 'bare-transport' | 'container' | 'single';
}

const spellingArbitrary: fc.Arbitrary<Spelling> = fc.record({
  quote: fc.constantFrom('"' as const, "'" as const),
  space: fc.constantFrom(' ', '  ', '\n', '\r\n\t', ' \t'),
  aroundEquals: fc.constantFrom('', ' ', '\n'),
  shuffle: fc.boolean(),
  references: fc.constantFrom('named' as const, 'decimal' as const, 'hex' as const),
  literalBreaks: fc.boolean(),
  comments: fc.boolean(),
  declaration: fc.constantFrom(
    '',
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    "<?xml version='1.0'?>",
    '\uFEFF<?xml version="1.0" standalone="yes" ?>\r\n',
  ),
  envelope: fc.constantFrom(
    'transport' as const,
    'bare-transport' as const,
    'container' as const,
    'single' as const,
  ),
});

function escape(value: string, spelling: Spelling): string {
  const reference = (char: string) => {
    const code = char.codePointAt(0) ?? 0;
    if (spelling.references === 'decimal') return `&#${code};`;
    if (spelling.references === 'hex') return `&#x${code.toString(16)};`;
    const named: Record<string, string> = { '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' };
    return named[char] ? `&${named[char]};` : `&#${code};`;
  };
  return [...value]
    .map((char) => {
      if (char === '&' || char === '<' || char === spelling.quote) return reference(char);
      if ((char === '\t' || char === '\n' || char === '\r') && !spelling.literalBreaks) {
        return reference(char);
      }
      return char;
    })
    .join('');
}

function writeRecord(record: Values, recordSchema: RecordSchema, spelling: Spelling): string {
  const { quote, space, aroundEquals: eq } = spelling;
  const fields = recordSchema.fields.filter((field) => record[field.name] !== undefined);
  const ordered = spelling.shuffle ? [...fields].reverse() : fields;
  const attributes = ordered
    .map((field) => {
      const value = escape(String(record[field.name]), spelling);
      return `${space}${field.name}${eq}=${eq}${quote}${value}${quote}`;
    })
    .join('');
  const children = recordSchema.children
    .map((child) => {
      const items = (record[child.wrapper] ?? []) as Values[];
      const inner = items.map((item) => writeRecord(item, child.record, spelling)).join(space);
      return inner === ''
        ? `<${child.wrapper}${space}/>`
        : `<${child.wrapper}>${inner}</${child.wrapper}>`;
    })
    .join('');
  const element = recordSchema.element;
  return children === ''
    ? `<${element}${attributes}/>`
    : `<${element}${attributes}>${children}</${element} >`;
}

function writeDocument(records: readonly Values[], spelling: Spelling): string {
  const between = spelling.comments ? '<!-- a - b <contact/> -->\n' : '\n';
  const body = records.map((record) => writeRecord(record, schema.record, spelling)).join(between);
  const inner = `<contacts>${body}</contacts>`;
  const root = {
    transport: `<transport>${between}${inner}</transport>`,
    'bare-transport': `<transport>${body}</transport>`,
    container: inner,
    single: body,
  }[spelling.envelope];
  return `${spelling.declaration}${root}${between}`;
}

const documentArbitrary = fc
  .tuple(
    fc.array(recordArbitrary(schema.record), { minLength: 1, maxLength: 5 }),
    spellingArbitrary,
  )
  .map(([records, spelling]) => {
    const kept = spelling.envelope === 'single' ? records.slice(0, 1) : records;
    return { records: kept, spelling, xml: writeDocument(kept, spelling) };
  });

// Edits that break documents where XML is most easily broken.
const significantText = fc.constantFrom(
  ...'<>&;#"\'=/!?-[] \t\r\nx0\u0000\u0001\uFFFE\uD800'.split(''),
  '&amp;',
  '&#0;',
  '&#xD800;',
  '<!DOCTYPE a>',
  '<![CDATA[x]]>',
  '<?pi x?>',
  '<contact/>',
  '</contacts>',
  '<datafields>',
  '<data/>',
  'code="1" ',
  'ts="x" ',
);

interface Mutation {
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
}

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  remove: fc.integer({ min: 0, max: 3 }),
  insert: fc.array(significantText, { maxLength: 2 }).map((parts) => parts.join('')),
});

function mutate(xml: string, edits: readonly Mutation[]): string {
  let text = xml;
  for (const edit of edits) {
    const at = edit.at % (text.length + 1);
    text = text.slice(0, at) + edit.insert + text.slice(at + edit.remove);
  }
  return text;
}

// The records read, or undefined and the error when reading failed.
function outcome(read: () => unknown[]): { records?: unknown[]; error?: unknown } {
  try {
    return { records: read() };
  } catch (error) {
    return { error };
  }
}

describe('the fast reader', () => {
  it('reads every spelling of a document as saxes and the conformant parser do', () => {
    fc.assert(
      fc.property(documentArbitrary, ({ records, spelling, xml }) => {
        const fast = fastReadDocument(xml, schema, false);
        expect(fast).toBeDefined();
        expect(fast).toEqual(saxesReadDocument(xml, schema));
        expect(fast).toEqual(parseDocumentConformant(xml, schema));
        // The generated builders make the same records as the generic loop, key order too.
        expect(JSON.stringify(parseContacts(xml))).toBe(JSON.stringify(fast));
        if (!spelling.literalBreaks) expect(fast).toEqual(records);
      }),
      { numRuns: 1500 },
    );
  });

  it('never reads a fuzzed document differently from saxes', () => {
    fc.assert(
      fc.property(
        documentArbitrary,
        fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }),
        (doc, edits) => {
          const xml = mutate(doc.xml, edits);
          const fast = fastReadDocument(xml, schema, false);
          if (fast === undefined) return;
          expect(fast).toEqual(saxesReadDocument(xml, schema));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('accepts and refuses, through every path of parseContacts, exactly what saxes does', () => {
    fc.assert(
      fc.property(
        documentArbitrary,
        fc.array(mutationArbitrary, { maxLength: 3 }),
        (doc, edits) => {
          const xml = mutate(doc.xml, edits);
          const expected = outcome(() => saxesReadDocument(xml, schema));
          const actual = outcome(() => parseContacts(xml));
          expect(actual.records).toEqual(expected.records);
          if (actual.error !== undefined) expect(actual.error).toBeInstanceOf(DirectoParseError);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['a DOCTYPE', '<!DOCTYPE transport><transport/>'],
    ['CDATA', '<transport><![CDATA[x]]></transport>'],
    ['a processing instruction', '<transport><?pi x?></transport>'],
    ['an undeclared entity', '<contact name="&nbsp;"/>'],
    ['an unknown element', '<transport><customers/></transport>'],
    ['an unknown attribute', '<contact nmae="x"/>'],
    ['a duplicate attribute', '<contact name="a" name="b"/>'],
    ['attributes on the envelope', '<transport id="1"/>'],
    ['a value not of its type', '<contact code="7.0"/>'],
    ['an undocumented value', '<contact sex="2"/>'],
    ['text between records', '<contacts>x<contact/></contacts>'],
    ['a second root', '<contact/><contact/>'],
    ['XML 1.1', '<?xml version="1.1"?><contact/>'],
    ['a raw control character', '<contact name="a\u0001"/>'],
    ['a namespace prefix', '<contact x:name="a"/>'],
  ])('hands %s to the conformant parser', (_name, xml) => {
    expect(fastReadDocument(xml, schema, false)).toBeUndefined();
  });

  // Values are decoded where they stand, from searches that run ahead of the value being
  // read; a reference, break or surrogate in one value must not change how its neighbours
  // read.
  it.each([
    ['a bare & whose ; is in the next value', '<contact name="a &amp b" pid="c;d"/>'],
    ['a reference split by the quote', '<contact name="x&amp" pid=";"/>'],
    ['a surrogate pair, then references', '<contact name="\u{1F600}&#10;" pid="&lt;x&#9;"/>'],
    ['a reference after a pair in the value before', '<contact name="\u{1F600}" pid="a&amp;"/>'],
    ['a break at the end of a value', '<contact name="a\r" pid="\r\nb&#13;\n"/>'],
    ['references only', '<contact name="&amp;&lt;&#x41;&#65;" pid="&quot;&apos;&gt;"/>'],
    ['a character reference with too many digits', '<contact name="&#x0000041;"/>'],
    ['an empty character reference', '<contact name="&#;" pid="&#x;"/>'],
    ['a < after a plain stretch', '<contact name="plain" pid="a<b"/>'],
  ])('reads %s as saxes does', (_name, xml) => {
    const expected = outcome(() => saxesReadDocument(xml, schema));
    expect(outcome(() => parseContacts(xml)).records).toEqual(expected.records);
    const fast = fastReadDocument(xml, schema, false);
    if (fast !== undefined) expect(fast).toEqual(expected.records);
  });

  it('skips unknown attributes only when asked to', () => {
    const xml = '<contact code="1" extra="&amp;x"/>';
    expect(fastReadDocument(xml, schema, true)).toEqual([{ code: 1, datafields: [] }]);
    expect(fastReadDocument('<contact x:extra="1"/>', schema, true)).toBeUndefined();
  });

  it('reads a lone record cut from a stream', () => {
    expect(fastReadRecord('<contact code="1"><datafields/></contact>', schema, false)).toEqual({
      code: 1,
      datafields: [],
    });
    expect(fastReadRecord('<contacts/>', schema, false)).toBeUndefined();
  });

  it('joins the records of a wrapper given twice, in order, as the conformant parser does', () => {
    const data = (code: string) => `<data code="${code}"/>`;
    const wrappers = `<datafields>${data('A')}${data('B')}</datafields><datafields/>`;
    const xml = `<contacts><contact code="1">${wrappers}<datafields>${data('C')}</datafields>`;
    const document = `${xml}</contact><contact code="2"/></contacts>`;
    const expected = [
      { code: 1, datafields: [{ code: 'A' }, { code: 'B' }, { code: 'C' }] },
      { code: 2, datafields: [] },
    ];

    expect(fastReadDocument(document, schema, false)).toEqual(expected);
    expect(parseDocumentConformant(document, schema)).toEqual(expected);
  });

  it('names a bad record by its place among the records, on every path', () => {
    const contact = (code: string, data = '<data code="A"/>') =>
      `<contact code="${code}"><datafields>${data}</datafields></contact>`;
    const bad = '<data code="A"/></datafields><datafields><data code="B" x="1"/>';
    const records = [contact('1'), contact('2', bad)];
    const xml = `<contacts>${contact('0')}${records.join('')}${contact('y')}</contacts>`;
    const messages = [
      (text: string) => parseContacts(text),
      (text: string) => parseDocumentConformant(text, schema),
    ].map((parse) => {
      try {
        parse(xml);
      } catch (error) {
        return (error as Error).message.split(' has ')[0];
      }
      return 'read';
    });

    expect(messages).toEqual([
      '<data> number 2 in <contact> number 3',
      '<data> number 2 in <contact> number 3',
    ]);
  });
});
