import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { DiagnosticBag, formatDiagnostic } from '../generator/diagnostics.js';
import { readSchemaFile, type SchemaFile } from '../generator/read/schema-file.js';
import { FIRST_ATTRIBUTE_LINE, schemaText } from './support/fixtures.js';
import {
  CONTACT_DIR,
  HAS_SHARED,
  NEEDS_SHARED,
  SHARED_XSD_DIR,
  withTempDir,
} from './support/paths.js';

async function readText(text: string): Promise<{ schema?: SchemaFile; messages: string[] }> {
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'ws_things.xsd');
    await writeFile(file, text);
    const diagnostics = new DiagnosticBag();
    const schema = await readSchemaFile(file, diagnostics);
    return { schema, messages: diagnostics.items.map((d) => formatDiagnostic(d, dir)) };
  });
}

describe('readSchemaFile on the contact schemas', () => {
  it('reads the get schema: container, record, fields and the datafields collection', async () => {
    const diagnostics = new DiagnosticBag();
    const schema = await readSchemaFile(path.join(CONTACT_DIR, 'ws_kontaktid.xsd'), diagnostics);

    expect(diagnostics.items).toEqual([]);
    expect(schema?.containerName).toBe('contacts');
    expect(schema?.record.elementName).toBe('contact');
    expect(schema?.record.relation).toBe('shop_xd1_kontaktid');
    expect(schema?.record.attributes.map((a) => a.name).slice(0, 4)).toEqual([
      'code',
      'customercode',
      'suppliercode',
      'name',
    ]);
    const [collection] = schema?.record.collections ?? [];
    expect(collection?.wrapperName).toBe('datafields');
    expect(collection?.record.attributes.map((a) => `${a.name}:${a.sqlField}`)).toEqual([
      'code:kood',
      'content:sisu',
      'param:param',
    ]);
    expect(collection?.relationship).toMatchObject({ parentKey: ['kood'], childKey: ['kaart'] });
  });

  it('attaches each comment to the attribute it follows', async () => {
    const schema = await readSchemaFile(
      path.join(CONTACT_DIR, 'ws_kontaktid.xsd'),
      new DiagnosticBag(),
    );
    const field = (name: string) => schema?.record.attributes.find((a) => a.name === name);

    expect(field('sex')?.comments).toEqual([' 1; UI|Sugu| ', ' female = 1, male = 0 ']);
    expect(field('firstname')?.comments).toEqual([' 125; UI| | ']);
    expect(field('ts')?.notes.description).toEqual(['document last changed']);
    expect(field('code')?.location).toMatchObject({ line: 19, column: 7 });
  });

  it('marks session_id in the put schema as do not send', async () => {
    const schema = await readSchemaFile(
      path.join(CONTACT_DIR, 'xml_IN_kontaktid.xsd'),
      new DiagnosticBag(),
    );
    expect(schema?.record.attributes[0]).toMatchObject({ name: 'session_id' });
    expect(schema?.record.attributes[0]?.notes.isDoNotSend).toBe(true);
  });
});

describe.skipIf(!HAS_SHARED)(`readSchemaFile on the published schemas${NEEDS_SHARED}`, () => {
  it.each([
    ['ws_kliendid.xsd', 'customers', 'customer', 32, ['datafields']],
    ['xml_IN_kliendid.xsd', 'customers', 'customer', 53, ['datafields']],
    ['ws_artiklid.xsd', 'items', 'item', 39, ['datafields', 'supplieritems']],
    [
      'xml_IN_artiklid.xsd',
      'items',
      'item',
      71,
      ['datafields', 'packages', 'supplieritems', 'stocklimits'],
    ],
  ])('reads %s', async (file, container, record, fieldCount, wrappers) => {
    const diagnostics = new DiagnosticBag();
    const schema = await readSchemaFile(path.join(SHARED_XSD_DIR, file), diagnostics);

    expect(diagnostics.items).toEqual([]);
    expect(schema?.containerName).toBe(container);
    expect(schema?.record.elementName).toBe(record);
    expect(schema?.record.attributes).toHaveLength(fieldCount);
    expect(schema?.record.collections.map((c) => c.wrapperName)).toEqual(wrappers);
  });

  it('gives positions on files with CRLF line endings', async () => {
    const schema = await readSchemaFile(
      path.join(SHARED_XSD_DIR, 'ws_artiklid.xsd'),
      new DiagnosticBag(),
    );
    expect(schema?.record.attributes[0]).toMatchObject({
      name: 'code',
      location: { line: 25, column: 7 },
    });
  });
});

describe('readSchemaFile on bad input', () => {
  const good =
    '<xsd:attribute name="code" sql:field="kood" type="xsd:string"/><!-- 32; UI|Kood| -->';

  it('accepts the fixture it starts from', async () => {
    const { schema, messages } = await readText(schemaText({ attributes: good }));
    expect(messages).toEqual([]);
    expect(schema?.record.attributes[0]?.location.line).toBe(FIRST_ATTRIBUTE_LINE);
  });

  it('reports malformed XML at its line and column', async () => {
    const { schema, messages } = await readText(
      schemaText({ attributes: `${good}\n<xsd:attribute name="x" type="xsd:string">` }),
    );
    expect(schema).toBeUndefined();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^ws_things\.xsd:19:\d+: error: malformed XML: unexpected close tag$/,
    );
  });

  it('reports an unknown xsd type at the type attribute', async () => {
    const { messages } = await readText(
      schemaText({
        attributes: `${good}\n<xsd:attribute name="limit" sql:field="limiit" type="xsd:money"/>`,
      }),
    );
    expect(messages).toEqual([
      `ws_things.xsd:${FIRST_ATTRIBUTE_LINE + 1}:54: error: unknown type "xsd:money" ` +
        'on attribute "limit"; supported: xsd:string, xsd:int, xsd:decimal, xsd:dateTime',
    ]);
  });

  it.each(['constructor', '__proto__', 'toString'])(
    'reports a field named %s, which every JavaScript object has',
    async (name) => {
      const { messages } = await readText(
        schemaText({
          attributes: `<xsd:attribute name="${name}" sql:field="x" type="xsd:string"/>`,
        }),
      );
      expect(messages).toEqual([
        `ws_things.xsd:${FIRST_ATTRIBUTE_LINE}:7: error: the name "${name}" belongs to every ` +
          'JavaScript object, so records cannot carry it',
      ]);
    },
  );

  it('reports a type from another namespace', async () => {
    const { messages } = await readText(
      schemaText({ attributes: '<xsd:attribute name="a" sql:field="a" type="sql:int"/>' }),
    );
    expect(messages[0]).toContain('unknown type "sql:int" on attribute "a"');
  });

  it('reports a field declared twice, pointing at the first', async () => {
    const { messages } = await readText(schemaText({ attributes: `${good}\n${good}` }));
    expect(messages).toEqual([
      `ws_things.xsd:${FIRST_ATTRIBUTE_LINE + 1}:7: error: duplicate attribute "code" ` +
        `(see ws_things.xsd:${FIRST_ATTRIBUTE_LINE}:7)`,
    ]);
  });

  it('reports an XML attribute written twice in one tag', async () => {
    const { messages } = await readText(
      schemaText({
        attributes: '<xsd:attribute name="a" sql:field="a" sql:field="b" type="xsd:int"/>',
      }),
    );
    expect(messages).toEqual([
      `ws_things.xsd:${FIRST_ATTRIBUTE_LINE}:45: error: duplicate attribute "sql:field" on ` +
        `<xsd:attribute> (see ws_things.xsd:${FIRST_ATTRIBUTE_LINE}:31)`,
    ]);
  });

  it('reports an attribute without a type', async () => {
    const { messages } = await readText(
      schemaText({ attributes: '<xsd:attribute name="a" sql:field="a"/>' }),
    );
    expect(messages).toEqual([
      `ws_things.xsd:${FIRST_ATTRIBUTE_LINE}:7: error: attribute "a" has no type`,
    ]);
  });

  it('reports a reference to an element that does not exist', async () => {
    const text = schemaText({ attributes: good }).replace('ref="data"', 'ref="datta"');
    const { messages } = await readText(text);
    expect(messages).toEqual(['ws_things.xsd:12:24: error: ref="datta" names no global element']);
  });

  it('reports an undeclared relationship', async () => {
    const text = schemaText({ attributes: good }).replace(
      'sql:relationship="Data"',
      'sql:relationship="Rows"',
    );
    const { messages } = await readText(text);
    expect(messages).toEqual([
      'ws_things.xsd:12:35: error: sql:relationship="Rows" is not declared',
    ]);
  });

  it('reports constructs outside the Directo shape', async () => {
    const { messages } = await readText(schemaText({ attributes: `${good}\n<xsd:choice/>` }));
    expect(messages).toEqual([
      `ws_things.xsd:${FIRST_ATTRIBUTE_LINE + 1}:7: error: unsupported schema construct ` +
        `<xsd:choice>`,
    ]);
  });

  it('reports a schema without a container', async () => {
    const text = schemaText({ attributes: good }).replace(
      'sql:is-constant="true">\n\t\t<xsd:complexType>\n\t\t\t<xsd:sequence>' +
        '\n\t\t\t\t<xsd:element name="thing"',
      '>\n\t\t<xsd:complexType>\n\t\t\t<xsd:sequence>\n\t\t\t\t<xsd:element name="thing"',
    );
    const { messages } = await readText(text);
    expect(messages).toEqual([
      'ws_things.xsd:1:1: error: no container element: expected a global xsd:element with ' +
        'sql:is-constant="true"',
    ]);
  });

  it('reports a root that is not xsd:schema', async () => {
    const { messages } = await readText('<html><body>Not found</body></html>');
    expect(messages).toEqual(['ws_things.xsd:1:1: error: root element <html> is not xsd:schema']);
  });

  it('reports an empty file', async () => {
    const { messages } = await readText('');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^ws_things\.xsd:1:1: error: /);
  });

  it('reports a missing file', async () => {
    const diagnostics = new DiagnosticBag();
    await readSchemaFile('/nonexistent/ws_none.xsd', diagnostics);
    expect(diagnostics.items.map((d) => formatDiagnostic(d))).toEqual([
      '/nonexistent/ws_none.xsd:1:1: error: file not found',
    ]);
  });

  it('reads a file with a byte order mark and an XML declaration', async () => {
    const { schema, messages } = await readText(
      `\uFEFF<?xml version="1.0" encoding="utf-8"?>\n${schemaText({ attributes: good })}`,
    );
    expect(messages).toEqual([]);
    expect(schema?.record.attributes[0]?.location.line).toBe(FIRST_ATTRIBUTE_LINE + 1);
  });
});
