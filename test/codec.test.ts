import { describe, expect, it } from 'vitest';

import {
  parseContactInputs,
  parseContacts,
  serializeContacts,
  validateContact,
  validateContacts,
  type ContactInput,
} from '../generated/contact/index.js';
import { DirectoParseError, DirectoValidationError } from '../generated/index.js';

function parseError(xml: string): DirectoParseError {
  try {
    parseContacts(xml);
  } catch (error) {
    expect(error).toBeInstanceOf(DirectoParseError);
    return error as DirectoParseError;
  }
  throw new Error('expected a DirectoParseError');
}

describe('parseContacts', () => {
  const contact =
    '<contact code="7" customercode="007" name=" Mari  Maasikas " ts="2024-01-15T10:30:00"/>';
  const expected = {
    code: 7,
    customercode: '007',
    name: ' Mari  Maasikas ',
    ts: '2024-01-15T10:30:00',
    datafields: [],
  };

  it.each([
    ['<transport> around <contacts>', `<transport><contacts>${contact}</contacts></transport>`],
    ['<transport> around the records', `<transport>${contact}</transport>`],
    ['a bare <contacts>', `<contacts>${contact}</contacts>`],
    ['a single record', contact],
    [
      'an XML declaration and whitespace',
      `<?xml version="1.0" encoding="UTF-8"?>\n<transport>\n  ${contact}\n</transport>\n`,
    ],
    ['a byte order mark', `\uFEFF<transport>${contact}</transport>`],
  ])('reads %s', (_name, xml) => {
    expect(parseContacts(xml)).toEqual([expected]);
  });

  it.each([
    '<transport/>',
    '<transport></transport>',
    '<contacts/>',
    '<transport><contacts/></transport>',
  ])('reads %s as no records', (xml) => {
    expect(parseContacts(xml)).toEqual([]);
  });

  it('keeps leading zeros, signs and spaces, and converts only xsd:int', () => {
    const [record] = parseContacts(
      '<contact code="-0012" pid=" +372 000 " phone="0037255" sex="0"/>',
    );
    expect(record).toEqual({
      code: -12,
      pid: ' +372 000 ',
      phone: '0037255',
      sex: 0,
      datafields: [],
    });
  });

  it('leaves a missing attribute out and gives child collections as arrays', () => {
    const [one, two] = parseContacts(
      '<contacts><contact name="a"><datafields><data code="A" content=""/></datafields></contact>' +
        '<contact><datafields/></contact></contacts>',
    );
    expect(one).toEqual({ name: 'a', datafields: [{ code: 'A', content: '' }] });
    expect(two).toEqual({ datafields: [] });
    expect('code' in (one ?? {})).toBe(false);
  });

  it('decodes references and normalises literal line breaks as XML requires', () => {
    const [record] = parseContacts(
      '<contact name="a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#245;&#x1F600;" ' +
        'comment="one&#10;two&#9;three&#13;" email="literal\nbreak\ttab\r\nend"/>',
    );
    expect(record?.name).toBe('a&b <c> "d" \'e\' õ😀');
    expect(record?.comment).toBe('one\ntwo\tthree\r');
    expect(record?.email).toBe('literal break tab end');
  });

  it('accepts names and attributes in any order and comments anywhere', () => {
    const xml =
      '<transport><!-- c --><contacts><contact  name = "x"  code=\'5\' />' +
      '<!-- d --></contacts></transport>';
    expect(parseContacts(xml)).toEqual([{ code: 5, name: 'x', datafields: [] }]);
  });

  it('reads every name XML allows in ignored attributes and processing instructions', () => {
    const ignore = { unknownAttributes: 'ignore' } as const;
    for (const name of ['a\u203Fb', 'a\u3001', '\u00C0\u0300', '_x.y-z']) {
      expect(parseContacts(`<contact code="1" ${name}="v"/>`, ignore)).toEqual([
        { code: 1, datafields: [] },
      ]);
      expect(parseContacts(`<contact code="1"/><?${name} data?>`)).toEqual([
        { code: 1, datafields: [] },
      ]);
    }
    expect(parseError('<contact code="1"/><?a\u00AA?>').kind).toBe('malformed');
  });

  it('refuses an attribute the schema lacks, unless told to ignore it', () => {
    expect(parseError('<contact code="1" colour="red"/>').kind).toBe('unknown-attribute');
    expect(
      parseContacts('<contact code="1" colour="red"/>', { unknownAttributes: 'ignore' }),
    ).toEqual([{ code: 1, datafields: [] }]);
  });

  it.each([
    ['a non-integer', '<contact code="7.0"/>'],
    ['an integer beyond 32 bits', '<contact code="2147483648"/>'],
    ['an undocumented value', '<contact sex="2"/>'],
  ])('refuses %s in an int field', (_name, xml) => {
    expect(parseError(xml).kind).toBe('invalid-value');
  });
});

describe('parseContacts on hostile or broken input', () => {
  it('refuses a DOCTYPE before expanding any entity', () => {
    const laughs = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [<!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
      ),
      ']>',
      '<contacts><contact name="&lol9;"/></contacts>',
    ].join('\n');
    const error = parseError(laughs);
    expect(error.kind).toBe('doctype');
    expect(error.excerpt.length).toBeLessThan(200);
  });

  it.each([
    ['truncated XML', '<transport><contacts><contact code="1"', 'malformed'],
    ['mismatched tags', '<transport><contacts></transport>', 'malformed'],
    ['plain text', 'Service Temporarily Unavailable', 'malformed'],
    ['an empty body', '', 'malformed'],
    ['two roots', '<contact/><contact/>', 'malformed'],
    ['text after an empty envelope', '<transport/>garbage', 'unexpected-text'],
    ['text after an empty container', '<contacts/> trailing', 'unexpected-text'],
    ['text after a single record', '<contact code="1"/><!-- c -->garbage', 'unexpected-text'],
    ['a bare ampersand', '<contact name="a & b"/>', 'malformed'],
    ['an HTML entity XML does not know', '<contact name="a&nbsp;b"/>', 'malformed'],
    ['a raw < in an attribute', '<contact name="a<b"/>', 'malformed'],
    ['a reference to a character XML cannot carry', '<contact name="&#1;"/>', 'malformed'],
    [
      'an HTML error page',
      '<html><head><title>502</title></head><body>Bad gateway</body></html>',
      'unexpected-root',
    ],
    ['a wrong root element', '<customers><customer code="1"/></customers>', 'unexpected-root'],
    ['an unexpected element', '<contacts><contact/><customer/></contacts>', 'unexpected-element'],
    ['an element inside a record', '<contact><rows/></contact>', 'unexpected-element'],
    ['text inside a record', '<contact>surprise</contact>', 'unexpected-text'],
    ['a dateTime that is not one', '<contact ts="yesterday"/>', 'invalid-value'],
    ['a dateTime with a space', '<contact birthday="2024-01-15 10:30:00"/>', 'invalid-value'],
    ['an empty int', '<contact code=""/>', 'invalid-value'],
    ['CDATA inside a record', '<contact><![CDATA[x]]></contact>', 'unexpected-text'],
    // Tags fast-xml-parser's validator would pass.
    ['an attribute without a name', '<contact =\rname="a"><!-- c --></contact>', 'malformed'],
    ['text between attributes', '<contact name="a"=\nphone="1"><!-- c --></contact>', 'malformed'],
    ['a space after </', '<contacts><contact/></ contacts>', 'malformed'],
    ['junk in an envelope tag', '<contacts/&amp;><contact/></contacts>', 'malformed'],
    ['a raw < in an envelope attribute', '<transport a="<"/>', 'malformed'],
    ['a reference to U+0000 in an envelope attribute', '<transport a="&#0;"/>', 'malformed'],
    ['a repeated envelope attribute', '<contacts a="1" a="2"><contact/></contacts>', 'malformed'],
    ['"--" inside a comment in a record', '<contact><!-- a -- b --></contact>', 'malformed'],
    ['a control character in a comment', '<contact><!--\u0001--></contact>', 'malformed'],
    ['an XML declaration inside a record', '<contact><?xml version="1.0"?></contact>', 'malformed'],
    ['a no-break space before the root', '\u00a0<contact/>', 'malformed'],
    ['a no-break space after the root', '<contacts/>\u00a0', 'unexpected-text'],
    ['two byte order marks', '\uFEFF\uFEFF<contact/>', 'malformed'],
    ['a no-break space inside a record', '<contact>\u00a0</contact>', 'unexpected-text'],
    [
      'both a container and bare records',
      '<transport><contact/><contacts><contact/></contacts></transport>',
      'unexpected-element',
    ],
  ])('raises a typed error on %s', (_name, xml, kind) => {
    const error = parseError(xml);
    expect(error.kind).toBe(kind);
    expect(error.message.length).toBeLessThan(400);
  });

  it('ignores well-formed attributes on the envelope, which hold no field', () => {
    const xml =
      '<contacts xmlns:sql="urn:schemas-microsoft-com:mapping-schema">' +
      '<contact code="1"/></contacts>';
    expect(parseContacts(xml)).toEqual([{ code: 1, datafields: [] }]);
  });

  it('refuses an unknown attribute given twice, even when unknown ones are ignored', () => {
    const xml = '<contact foo="1" foo="2" name="a"/>';
    expect(() => parseContacts(xml, { unknownAttributes: 'ignore' })).toThrow(DirectoParseError);
  });

  it('reads a long answer on one line record by record, without rescanning it', () => {
    const record = '<contact code="1" name="Mari"><datafields/></contact>';
    const xml = `<transport><contacts a="1">${record.repeat(100_000)}</contacts></transport>`;
    expect(parseContacts(xml)).toHaveLength(100_000);
  });

  it('raises Directo refusing the request as directo-error, in either case', () => {
    expect(parseError('<result type="5" desc="Unauthorized"/>')).toMatchObject({
      kind: 'directo-error',
      resultType: '5',
      resultDescription: 'Unauthorized',
    });
    expect(
      parseError('<results><Result Type="404" Desc="Invalid url given"/></results>'),
    ).toMatchObject({
      resultType: '404',
      resultDescription: 'Invalid url given',
    });
    expect(parseError('<err>token required</err>')).toMatchObject({
      resultDescription: 'token required',
    });
  });

  it('gives the position and a short excerpt of malformed input', () => {
    const error = parseError(
      `<transport>\n<contacts>\n<contact code="1"></contacts>\n</transport>`,
    );
    expect(error.position).toEqual({ line: 3, column: expect.any(Number) });
    expect(error.excerpt).toContain('contact');
  });

  it('refuses deep nesting at its first element the schema does not allow there', () => {
    const deep = `${'<contacts>'.repeat(50_000)}${'</contacts>'.repeat(50_000)}`;
    expect(parseError(deep)).toMatchObject({
      kind: 'unexpected-element',
      position: { line: 1, column: 11 },
    });
    const inRecord = `<contact>${'<datafields>'.repeat(50_000)}`;
    expect(parseError(inRecord)).toMatchObject({
      kind: 'unexpected-element',
      message: expect.stringMatching(
        /^unexpected element <datafields> in <datafields> in <contact> number 1 at 1:22/,
      ),
    });
    const large = `<contacts>${'<contact name="x"/>\n'.repeat(200_000)}<bogus/></contacts>`;
    expect(parseError(large)).toMatchObject({
      kind: 'unexpected-element',
      position: { line: 200_001, column: 1 },
    });
  });

  it('names what a truncated response left open', () => {
    const error = parseError('<transport><contacts><contact code="1"><datafields><data/>');
    expect(error.reason).toBe(
      'the response ends before these elements are closed: ' +
        '<transport>, <contacts>, <contact>, <datafields>',
    );
  });

  it('places an error inside a record in the whole response', () => {
    const xml = '<transport>\n<contacts>\n  <contact code="1"/><contact code="x"/>\n</contacts>';
    expect(parseError(`${xml}</transport>`)).toMatchObject({
      kind: 'invalid-value',
      position: { line: 3, column: 22 },
    });
    const broken = '<transport>\n<contacts>\n<contact\n  code="1" name="a & b"/>';
    expect(parseError(`${broken}</contacts></transport>`)).toMatchObject({
      kind: 'malformed',
      position: { line: 3, column: 1 },
    });
  });
});

describe('serializeContacts', () => {
  it('writes attributes in schema order and the wrapper the XSD requires', () => {
    const xml = serializeContacts([{ sex: 1, name: 'Mari', code: 12, customercode: '007' }]);
    expect(xml).toBe(
      '<contacts><contact code="12" customercode="007" name="Mari" sex="1">' +
        '<datafields/></contact></contacts>',
    );
  });

  it('escapes every character an attribute cannot hold literally', () => {
    const xml = serializeContacts([{ name: 'a&b<c>"d"\'e\tf\ng\rh' }]);
    expect(xml).toContain('name="a&amp;b&lt;c&gt;&quot;d&quot;\'e&#9;f&#10;g&#13;h"');
  });

  it('writes decimals and dateTimes exactly as given', () => {
    const xml = serializeContacts([
      { authorizationlimit: '00150.000', authorizationtime: '2024-01-15T10:30:00.1234567+02:00' },
    ]);
    expect(xml).toContain(
      'authorizationtime="2024-01-15T10:30:00.1234567+02:00" authorizationlimit="00150.000"',
    );
  });

  it('writes what it validated, reading each value once', () => {
    let reads = 0;
    const shifty = {
      get code() {
        reads += 1;
        return reads === 1 ? 1 : '1" session_id="stolen';
      },
      name: 'a',
    };
    const proxy = new Proxy({ name: 'b', sex: 1 } as Record<string, unknown>, {
      get: (target, key) =>
        key === 'sex' && reads++ > 1 ? '1"/><contact name="evil' : target[key as string],
    });
    const xml = serializeContacts([shifty, proxy] as ContactInput[]);

    expect(xml).toBe(
      '<contacts><contact code="1" name="a"><datafields/></contact>' +
        '<contact name="b" sex="1"><datafields/></contact></contacts>',
    );
  });

  it('writes child records inside their wrapper', () => {
    const xml = serializeContacts([{ datafields: [{ code: 'A', content: 'õ' }, { param: '1' }] }]);
    expect(xml).toBe(
      '<contacts><contact><datafields><data code="A" content="õ"/><data param="1"/>' +
        '</datafields></contact></contacts>',
    );
  });

  it('refuses invalid records with every issue, and writes nothing', () => {
    const records = [
      { name: 'ok' },
      { name: 'x'.repeat(256), sex: 2 },
      { email: 'bad\u0000' },
    ] as ContactInput[];
    expect(() => serializeContacts(records)).toThrow(DirectoValidationError);
    try {
      serializeContacts(records);
    } catch (error) {
      expect(
        (error as DirectoValidationError).issues.map((issue) => `${issue.path} ${issue.rule}`),
      ).toEqual([
        'contacts[1].name length',
        'contacts[1].sex enumeration',
        'contacts[2].email xml-char',
      ]);
    }
  });

  it('writes an empty document for no records', () => {
    expect(serializeContacts([])).toBe('<contacts></contacts>');
  });
});

describe('validateContact', () => {
  it('accepts a valid record', () => {
    expect(
      validateContact({ name: 'Õie', code: 1, sex: 0, birthday: '2000-02-29T00:00:00' }),
    ).toEqual([]);
  });

  it('reports every issue, each with its path, rule and message', () => {
    const issues = validateContacts([
      {},
      {
        code: 2147483648,
        name: 'ö'.repeat(256),
        sex: 3,
        authorizationlimit: '1.5e3',
        birthday: '2023-02-29T00:00:00',
        session_id: 'abc',
        nickname: 'Mari',
        email: 'a\uD800b',
        datafields: [{ code: 5 }],
      },
    ]);
    expect(issues.map((issue) => `${issue.path} ${issue.rule}`)).toEqual([
      'contacts[1].code int-range',
      'contacts[1].name length',
      'contacts[1].email xml-char',
      'contacts[1].authorizationlimit decimal',
      'contacts[1].sex enumeration',
      'contacts[1].birthday dateTime',
      'contacts[1].datafields[0].code type',
      'contacts[1].session_id do-not-send',
      'contacts[1].nickname unknown-field',
    ]);
    expect(issues.every((issue) => issue.message.length > 0)).toBe(true);
  });

  it('counts length in UTF-16 code units, as SQL Server counts nvarchar', () => {
    expect(validateContact({ pid: '😀'.repeat(25) })).toEqual([]);
    expect(validateContact({ pid: `${'😀'.repeat(25)}x` })[0]?.rule).toBe('length');
  });

  it('reports wrong JavaScript types from untyped callers', () => {
    const issues = validateContacts([null, 'contact', { name: 42, code: '7', datafields: {} }]);
    expect(issues.map((issue) => `${issue.path} ${issue.rule}`)).toEqual([
      'contacts[0] type',
      'contacts[1] type',
      'contacts[2].code type',
      'contacts[2].name type',
      'contacts[2].datafields type',
    ]);
    expect(validateContacts('nope')[0]?.rule).toBe('type');
  });
});

describe('parseContactInputs', () => {
  it('reads back a put document', () => {
    const records: ContactInput[] = [{ code: 1, name: 'Mari', datafields: [{ code: 'A' }] }];
    expect(parseContactInputs(serializeContacts(records))).toEqual(records);
  });
});
