import path from 'node:path';

import { describe, expect, it } from 'vitest';

import type { ComponentModel, Field } from '../generator/model/component-model.js';
import { modelComponents, writeComponent } from './support/components.js';
import { schemaText, tableText } from './support/fixtures.js';
import { SCHEMAS_DIR, withTempDir } from './support/paths.js';

function field(
  model: ComponentModel | undefined,
  direction: 'output' | 'input',
  name: string,
): Field | undefined {
  return model?.[direction]?.record.fields.find((candidate) => candidate.wireName === name);
}

describe('toComponentModel on the contact component', () => {
  it('names the types and keeps the put SQL typos visible as warnings', async () => {
    const { models, messages } = await modelComponents(SCHEMAS_DIR);
    const contact = models.find((model) => model.name === 'contact');

    expect(contact?.what).toBe('contact');
    expect(contact?.names).toEqual({
      record: 'Contact',
      input: 'ContactInput',
      query: 'ContactQuery',
      plural: 'Contacts',
    });
    expect(messages).toEqual([
      'schemas/contact/xml_IN_kontaktid.xsd:26:7: warning: field "address1" maps to SQL field ' +
        '"aaddress1" in put but "aadress1" in get; each direction keeps its own ' +
        '(see schemas/contact/ws_kontaktid.xsd:23:7)',
      expect.stringContaining('"address2" maps to SQL field "aaddress2" in put but "aadress2"'),
      expect.stringContaining('"address3" maps to SQL field "aaddress3" in put but "aadress3"'),
      expect.stringContaining('"mobile" maps to SQL field "mobiiil" in put but "mobiil"'),
    ]);
  });

  it('merges the table into the fields', async () => {
    const { models } = await modelComponents(SCHEMAS_DIR);
    const contact = models.find((model) => model.name === 'contact');

    expect(field(contact, 'input', 'session_id')?.isDoNotSend).toBe(true);
    expect(field(contact, 'output', 'sex')).toMatchObject({ isEnumeration: true, type: 'int' });
    expect(field(contact, 'output', 'code')?.tableLocation?.file).toMatch(
      /schemas[/\\]contact[/\\]contact\.txt$/,
    );
    expect(contact?.filters?.map((filter) => `${filter.name}:${filter.type}`)).toEqual([
      'code:int',
      'customercode:string',
      'suppliercode:string',
      'email:string',
      'pid:string',
      'closed:int',
      'ts:string',
    ]);
    expect(contact?.output?.record.children.map((c) => c.record.typeName)).toEqual(['ContactData']);
    expect(contact?.input?.record.children.map((c) => c.record.typeName)).toEqual([
      'ContactDataInput',
    ]);
  });
});

describe('toComponentModel where the schema and the table disagree', () => {
  const attributes = [
    '<xsd:attribute name="code" sql:field="kood" type="xsd:string"/><!-- 32; UI|Kood| -->',
    '<xsd:attribute name="name" sql:field="nimi" type="xsd:string"/><!-- 255; UI|Nimi| -->',
    '<xsd:attribute name="kind" sql:field="liik" type="xsd:int"/><!-- UI|Liik| --><!-- a = 0, b ' +
      '= 1 -->',
    '<xsd:attribute name="notice" sql:field="teade" type="xsd:int"/><!-- yes = 1 -->',
    '<xsd:attribute name="extra" sql:field="lisa" type="xsd:string"/>',
  ].join('\n');
  const rows = [
    'code\tkod\tstring\t32\tKood\t',
    'name\tnimi\tint\t100\tNimi\t',
    'kind\tliik\tint\t\tLiik\ta = 0, b = 1, c = 2',
    'notice\tteade\tint\t\t\t',
    'ghost\tvaim\tstring\t10\t\t',
  ];

  async function model() {
    return withTempDir(async (dir) => {
      const schemas = path.join(dir, 'schemas');
      await writeComponent(schemas, 'thing', {
        'ws_things.xsd': schemaText({ attributes }),
        'thing.txt': tableText({ output: rows }),
      });
      return modelComponents(schemas);
    });
  }

  it('reports each disagreement with both places and the rule applied', async () => {
    const { messages } = await model();
    messages.sort();
    const xsd = 'schemas/thing/ws_things.xsd';
    const table = 'schemas/thing/thing.txt';

    expect(messages).toEqual(
      [
        `${xsd}:17:7: warning: field "code": sql:field "kood" here, "kod" in the field table; ` +
          `the schema wins (it is the mapping Directo applies) (see ${table}:10:1)`,
        `${xsd}:18:7: warning: field "name": type xsd:string here, int in the field table; the ` +
          `schema wins (it decides the wire format) (see ${table}:11:1)`,
        `${xsd}:18:7: warning: field "name": length 255 here, 100 in the field table; the ` +
          `smaller (100) wins, since Directo cuts longer values (see ${table}:11:1)`,
        `${xsd}:19:7: warning: field "kind": documented values 0/1 here, 0/1/2 in the field ` +
          `table; both are kept (see ${table}:12:1)`,
        `${xsd}:21:7: warning: field "extra" is in the schema but not in the field table; kept, ` +
          `since the schema is the mapping Directo applies (see ${table}:9:1)`,
        `${xsd}:33:2: warning: <data> has no section in the field table; its fields are ` +
          `documented by the schema alone`,
        `${table}:14:1: warning: field "ghost" is in the field table but not in the schema of ` +
          `<thing>; left out, since Directo ignores attributes its mapping lacks (see ${xsd}:6:5)`,
      ].sort(),
    );
  });

  it('applies the rules it states', async () => {
    const { models } = await model();
    const [thing] = models;

    expect(field(thing, 'output', 'code')?.sqlName).toBe('kood');
    expect(field(thing, 'output', 'name')).toMatchObject({ type: 'string', length: { max: 100 } });
    expect(field(thing, 'output', 'kind')?.values.map((v) => v.value)).toEqual(['0', '1', '2']);
    expect(field(thing, 'output', 'notice')).toMatchObject({ isEnumeration: false });
    expect(field(thing, 'output', 'ghost')).toBeUndefined();
    expect(thing?.diagnostics).toHaveLength(7);
  });

  it('leaves out of put a field both mandatory and do not send, and says so once', async () => {
    const { models, messages } = await withTempDir(async (dir) => {
      const schemas = path.join(dir, 'schemas');
      await writeComponent(schemas, 'thing', {
        'xml_IN_things.xsd': schemaText({ attributes: attributes.split('\n')[1] ?? '' }),
        'thing.txt': tableText({
          input: ['name\tnimi\tint\t255\tyes\tNimi\t'],
          extra: '### Do not send:\n\n- name - set by Directo\n- name - again\n',
        }),
      });
      return modelComponents(schemas);
    });
    const xsd = 'schemas/thing/xml_IN_things.xsd';
    const table = 'schemas/thing/thing.txt';

    expect(messages.filter((message) => message.includes('field "name"'))).toEqual([
      `${xsd}:17:7: warning: field "name": type xsd:string here, int in the field table; the ` +
        `schema wins (it decides the wire format) (see ${table}:10:1)`,
      `${xsd}:17:7: warning: field "name" is both mandatory and do not send; it is left out ` +
        'of put records, since sending a field marked so can harm what Directo stores ' +
        `(see ${table}:14:1)`,
    ]);
    expect(messages.filter((message) => message.includes('listed twice'))).toEqual([
      `${table}:15:1: warning: "name" is listed twice as do not send; the first entry is kept ` +
        `(see ${table}:14:1)`,
    ]);
    expect(field(models[0], 'input', 'name')).toMatchObject({
      isDoNotSend: true,
      isMandatory: false,
      label: 'Nimi',
    });
  });

  it('takes a field table without a filter table to document no filters', async () => {
    const { models } = await withTempDir(async (dir) => {
      const schemas = path.join(dir, 'schemas');
      await writeComponent(schemas, 'thing', {
        'ws_things.xsd': schemaText({ attributes }),
        'thing.txt': tableText({ output: ['code\tkood\tstring\t32\tKood\t'] }),
      });
      return modelComponents(schemas);
    });

    // Undocumented filters are passed on as given, not refused as unknown.
    expect(models[0]?.filters).toBeUndefined();
  });

  it('maps sections to child collections and reports the ones that match none', async () => {
    const { models, messages } = await withTempDir(async (dir) => {
      const schemas = path.join(dir, 'schemas');
      const extra = [
        '### Extra fields',
        'XML field\tSQL field\tType\tLength\tUI label\tDescription',
        'code\tkood\tstring\t16\t\t',
        '',
        '### Rows',
        'XML field\tSQL field\tType\tLength\tUI label\tDescription',
        'item\tartikkel\tstring\t32\t\t',
      ].join('\n');
      await writeComponent(schemas, 'thing', {
        'ws_things.xsd': schemaText({ attributes: attributes.split('\n')[0] ?? '' }),
        'thing.txt': tableText({ output: [rows[0] ?? ''], extra }),
      });
      return modelComponents(schemas);
    });
    const data = models[0]?.output?.record.children[0]?.record;

    expect(data?.fields[0]?.length).toEqual({ max: 16 });
    expect(messages.filter((m) => m.includes('Rows'))).toEqual([
      expect.stringContaining(
        'warning: field table section "Rows" matches no child collection of <thing>',
      ),
    ]);
  });

  it('reports table sections for a direction that has no schema', async () => {
    const { messages } = await withTempDir(async (dir) => {
      const schemas = path.join(dir, 'schemas');
      await writeComponent(schemas, 'thing', {
        'ws_things.xsd': schemaText({ attributes: attributes.split('\n')[0] ?? '' }),
        'thing.txt': tableText({
          output: [rows[0] ?? ''],
          input: ['code\tkood\tstring\t32\t\tKood\t'],
        }),
      });
      return modelComponents(schemas);
    });
    expect(messages).toContainEqual(
      expect.stringContaining(
        'section "Header" describes put (xml_IN_*.xsd) but the component has no such schema',
      ),
    );
  });

  it('refuses two components with the same what, and a what taken from an element', async () => {
    const { messages } = await withTempDir(async (dir) => {
      const schemas = path.join(dir, 'schemas');
      const first = attributes.split('\n')[0] ?? '';
      const schema = schemaText({ attributes: first });
      await writeComponent(schemas, 'one', { 'ws_things.xsd': schema });
      await writeComponent(schemas, 'two', { 'ws_things.xsd': schema });
      await writeComponent(schemas, 'three', {
        'ws_things.xsd': schemaText({ attributes: first, record: 'a-thing' }),
      });
      return modelComponents(schemas);
    });
    const errors = messages.filter((message) => message.includes(': error: '));
    expect(errors).toEqual([
      expect.stringMatching(
        /^schemas\/three\/ws_things\.xsd:\d+:\d+: error: what "a-thing" cannot name the /,
      ),
      expect.stringMatching(
        /^schemas\/two\/ws_things\.xsd:\d+:\d+: error: what "thing" is also the what of compo/,
      ),
    ]);
  });

  it('writes documented int values as integers, leaving out those outside xsd:int', async () => {
    const { models, messages } = await withTempDir(async (dir) => {
      const schemas = path.join(dir, 'schemas');
      const kind =
        '<xsd:attribute name="kind" sql:field="liik" type="xsd:int"/>' +
        '<!-- off = 00, on = 01, huge = 99999999999 -->';
      await writeComponent(schemas, 'thing', { 'ws_things.xsd': schemaText({ attributes: kind }) });
      return modelComponents(schemas);
    });

    expect(field(models[0], 'output', 'kind')?.values).toEqual([
      { value: '0', label: 'off' },
      { value: '1', label: 'on' },
    ]);
    expect(messages).toEqual([
      expect.stringMatching(
        /warning: field "kind": documented value 99999999999 is outside xsd:int; left out$/,
      ),
    ]);
  });
});
