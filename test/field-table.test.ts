import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { DiagnosticBag, formatDiagnostic } from '../generator/diagnostics.js';
import { parseFieldTable, readFieldTable } from '../generator/read/field-table.js';
import { CONTACT_DIR } from './support/paths.js';

function parse(text: string) {
  const diagnostics = new DiagnosticBag();
  const table = parseFieldTable('fields.txt', text, diagnostics);
  return { table, messages: diagnostics.items.map((d) => formatDiagnostic(d)) };
}

describe('readFieldTable on the contact wiki page', () => {
  it('reads what, the filters, every section and the do-not-send list', async () => {
    const diagnostics = new DiagnosticBag();
    const table = await readFieldTable(path.join(CONTACT_DIR, 'contact.txt'), diagnostics);

    expect(diagnostics.items).toEqual([]);
    expect(table?.what).toBe('contact');
    expect(table?.filters.map((filter) => filter.name)).toEqual([
      'code',
      'customercode',
      'suppliercode',
      'email',
      'pid',
      'closed',
      'ts',
    ]);
    expect(table?.sections.map((s) => `${s.direction} ${s.title} ${s.fields.length}`)).toEqual([
      'output Header 18',
      'output Extra fields 3',
      'input Header 36',
      'input Extra fields 3',
    ]);
    expect(table?.doNotSend.map((entry) => entry.name)).toEqual(['session_id']);
  });

  it('keeps empty cells as absent values and reads descriptions as notes', async () => {
    const table = await readFieldTable(path.join(CONTACT_DIR, 'contact.txt'), new DiagnosticBag());
    const output = table?.sections[0]?.fields ?? [];
    const code = output.find((field) => field.xmlName === 'code');
    const sex = output.find((field) => field.xmlName === 'sex');
    const firstname = output.find((field) => field.xmlName === 'firstname');

    expect(code).toMatchObject({
      sqlName: 'kood',
      type: 'int',
      length: undefined,
      label: 'Kontakt',
    });
    expect(firstname).toMatchObject({ label: undefined, description: undefined, length: 125 });
    expect(sex?.notes.values).toEqual([
      { value: '1', label: 'female' },
      { value: '0', label: 'male' },
    ]);
    expect(sex?.location).toEqual({
      file: expect.stringMatching(/contact\.txt$/),
      line: 60,
      column: 1,
    });
  });

  it('keeps the put SQL names exactly as the page writes them', async () => {
    const table = await readFieldTable(path.join(CONTACT_DIR, 'contact.txt'), new DiagnosticBag());
    const input = table?.sections.find((s) => s.direction === 'input' && s.title === 'Header');
    const sqlName = (name: string) => input?.fields.find((f) => f.xmlName === name)?.sqlName;

    expect(sqlName('address1')).toBe('aaddress1');
    expect(sqlName('mobile')).toBe('mobiiil');
  });
});

describe('parseFieldTable', () => {
  it('reads the Mandatory column', () => {
    const { table, messages } = parse(
      [
        '## Input (put)',
        '### Header',
        'XML field\tSQL field\tType\tLength\tMandatory\tUI label\tDescription',
        'code\tkood\tstring\t32\tyes\tKood\t',
        'name\tnimi\tstring\t255\t\tNimi\t',
        'email\temail\tstring\t255\tx\t\t',
      ].join('\n'),
    );
    expect(messages).toEqual([]);
    expect(table.sections[0]?.fields.map((field) => field.isMandatory)).toEqual([
      true,
      false,
      true,
    ]);
  });

  it('reads a bare pasted table by its columns: Mandatory means put', () => {
    const put = parse(
      'XML field\tSQL field\tType\tLength\tMandatory\tUI label\tDescription\n' +
        'code\tkood\tstring\t32\t\tKood\t\n',
    );
    const get = parse(
      'XML field\tSQL field\tType\tLength\tUI label\tDescription\n' +
        'code\tkood\tstring\t32\tKood\t\n',
    );

    expect(put.table.sections[0]).toMatchObject({ direction: 'input', title: 'Header' });
    expect(get.table.sections[0]).toMatchObject({ direction: 'output', title: 'Header' });
  });

  it('reads a do-not-send list with Markdown escapes', () => {
    const { table } = parse(
      '## Input (put)\n### Do not send:\n\n- session\\_id - internal, do not send!\n',
    );
    expect(table.doNotSend).toEqual([
      {
        name: 'session_id',
        description: 'internal, do not send!',
        location: { file: 'fields.txt', line: 4, column: 1 },
      },
    ]);
  });

  it('joins a section split over two tables', () => {
    const header = 'XML field\tSQL field\tType\tLength\tUI label\tDescription';
    const { table } = parse(
      [
        '## Output (get)',
        '### Header',
        header,
        'a\ta\tint\t\t\t',
        '',
        header,
        'b\tb\tint\t\t\t',
      ].join('\n'),
    );
    expect(table.sections).toHaveLength(1);
    expect(table.sections[0]?.fields.map((field) => field.xmlName)).toEqual(['a', 'b']);
  });

  it('reports a row with a missing cell, naming the header line', () => {
    const { messages } = parse(
      [
        '## Output (get)',
        '### Header',
        'XML field\tSQL field\tType\tLength\tUI label\tDescription',
        'code\tkood\tstring\t32\tKood',
      ].join('\n'),
    );
    expect(messages).toEqual([
      'fields.txt:4:1: error: table row has 5 cells; its header (line 3) has 6',
    ]);
  });

  it('reports an unknown type, a bad length and a bad mandatory cell at their columns', () => {
    const { messages } = parse(
      [
        'XML field\tSQL field\tType\tLength\tMandatory\tUI label\tDescription',
        'a\ta\tmoney\t\t\t\t',
        'b\tb\tstring\tlong\t\t\t',
        'c\tc\tstring\t\tperhaps\t\t',
      ].join('\n'),
    );
    expect(messages).toEqual([
      'fields.txt:2:5: error: unknown type "money"; supported: string, int, decimal, dateTime',
      'fields.txt:3:12: error: length "long" is not a whole number',
      'fields.txt:4:13: error: mandatory cell "perhaps" is neither yes nor no ' +
        '(leave it empty for no)',
    ]);
  });

  it('reports a field listed twice in one section', () => {
    const { messages } = parse(
      [
        'XML field\tSQL field\tType\tLength\tUI label\tDescription',
        'a\ta\tint\t\t\t',
        'a\tb\tint\t\t\t',
      ].join('\n'),
    );
    expect(messages).toEqual([
      'fields.txt:3:1: error: field "a" is listed twice (see fields.txt:2:1)',
    ]);
  });

  it('accepts CRLF line endings and a byte order mark', () => {
    const { table, messages } = parse(
      '\uFEFFXML field\tSQL field\tType\tLength\tUI label\tDescription\r\n' +
        'code\tkood\tint\t\tKood\t\r\n',
    );
    expect(messages).toEqual([]);
    expect(table.sections[0]?.fields[0]).toMatchObject({
      xmlName: 'code',
      type: 'int',
      label: 'Kood',
    });
  });
});
