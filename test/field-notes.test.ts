import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { readDescriptionNotes, readFieldNotes } from '../generator/read/field-notes.js';
import { HAS_SHARED, NEEDS_SHARED, SHARED_XSD_DIR } from './support/paths.js';

// Each case is a comment form found after an attribute in the published Directo schemas.
describe('readFieldNotes on the comment forms of the real files', () => {
  it('reads "length: N; UI|label|"', () => {
    const notes = readFieldNotes([' length: 32; UI|Kood| ']);
    expect(notes.length).toEqual({ max: 32 });
    expect(notes.label).toBe('Kood');
  });

  it('reads a bare length before the label', () => {
    const notes = readFieldNotes([' 255; UI|Objekt| ']);
    expect(notes.length).toEqual({ max: 255 });
    expect(notes.label).toBe('Objekt');
  });

  it('reads an empty length slot "; UI|label|"', () => {
    const notes = readFieldNotes([' ; UI|Seeria nr| ']);
    expect(notes.length).toBeUndefined();
    expect(notes.label).toBe('Seeria nr');
  });

  it('reads a space before the semicolon and none before the closing marker', () => {
    const notes = readFieldNotes([' 32 ; UI|Keel|']);
    expect(notes.length).toEqual({ max: 32 });
    expect(notes.label).toBe('Keel');
  });

  it('keeps the remark of "4000 or infinite (slower)"', () => {
    const notes = readFieldNotes([' 4000 or infinite (slower); UI|Kommentaar| ']);
    expect(notes.length).toEqual({ max: 4000, remark: 'or infinite (slower)' });
    expect(notes.label).toBe('Kommentaar');
  });

  it('reads a length alone', () => {
    expect(readFieldNotes([' 32 ']).length).toEqual({ max: 32 });
  });

  it('treats blank and empty labels as no label', () => {
    expect(readFieldNotes([' UI| | ']).label).toBeUndefined();
    expect(readFieldNotes([' ; UI|| ']).label).toBeUndefined();
  });

  it('drops a stray tab inside a label', () => {
    expect(readFieldNotes([' 100; UI|A/a\t| ']).label).toBe('A/a');
  });

  it('keeps a stray quote that is part of the label text', () => {
    const notes = readFieldNotes([' UI|"Confirmation sends automatic RIK e-invoice| ']);
    expect(notes.label).toBe('"Confirmation sends automatic RIK e-invoice');
  });

  it('reads label-first values in a second comment', () => {
    const notes = readFieldNotes([' UI|Maa| ', ' local = 0, EU = 1, export = 2 ']);
    expect(notes.label).toBe('Maa');
    expect(notes.values).toEqual([
      { value: '0', label: 'local' },
      { value: '1', label: 'EU' },
      { value: '2', label: 'export' },
    ]);
  });

  it('reads value-first values separated by semicolons', () => {
    const notes = readFieldNotes([
      ' ; UI|Seeria nr| ',
      ' 0=without sn tracking; 1=serial no tracking; 2=batch no tracking  ',
    ]);
    expect(notes.values.map((value) => `${value.value}:${value.label}`)).toEqual([
      '0:without sn tracking',
      '1:serial no tracking',
      '2:batch no tracking',
    ]);
  });

  it('reads values whose labels hold non-ASCII letters and spaces', () => {
    const notes = readFieldNotes([' 1; UI|Lähetus| ', ' Lähetus ja Arve = 1, Lähetus = 0 ']);
    expect(notes.values).toEqual([
      { value: '1', label: 'Lähetus ja Arve' },
      { value: '0', label: 'Lähetus' },
    ]);
  });

  it('reads "or NULL" after a value', () => {
    const notes = readFieldNotes([' sales item = 1, supplier item = 0 or NULL ']);
    expect(notes.values).toEqual([
      { value: '1', label: 'sales item' },
      { value: '0', label: 'supplier item' },
    ]);
  });

  it('reads a single documented value', () => {
    expect(readFieldNotes([' yes = 1 ']).values).toEqual([{ value: '1', label: 'yes' }]);
    expect(readFieldNotes([' closed document = 1 ']).values).toEqual([
      { value: '1', label: 'closed document' },
    ]);
  });

  it('reads ALT.FROM defaults', () => {
    expect(readFieldNotes([' ALT.FROM: 1/yes ']).defaultSource).toBe('1/yes');
    expect(readFieldNotes([' ALT.FROM: salesprice + local vat ']).defaultSource).toBe(
      'salesprice + local vat',
    );
  });

  it('reads a default, an update lock and values from one comment', () => {
    const notes = readFieldNotes([
      ' ALT.FROM: tr.params, cannot be updated. 0=service; 1=stock item; 2=rental item  ',
    ]);
    expect(notes.defaultSource).toBe('tr.params');
    expect(notes.isUpdateLocked).toBe(true);
    expect(notes.values.map((value) => value.value)).toEqual(['0', '1', '2']);
    expect(notes.description).toEqual([]);
  });

  it('reads "cannot be updated" before values', () => {
    const notes = readFieldNotes([' cannot be updated. 0=no; 1=yes ']);
    expect(notes.isUpdateLocked).toBe(true);
    expect(notes.values).toEqual([
      { value: '0', label: 'no' },
      { value: '1', label: 'yes' },
    ]);
  });

  it('reads "do not send" and keeps the sentence', () => {
    const notes = readFieldNotes([' for internal use at Directo side, do not send this field! ']);
    expect(notes.isDoNotSend).toBe(true);
    expect(notes.description).toEqual([
      'for internal use at Directo side, do not send this field!',
    ]);
  });

  it('reads "mandatory" inside a longer note and keeps the note', () => {
    const text =
      'document number/ID, mandatory; It must be unique for each document and remain same ' +
      'if more than one transaction of the same document is necessary';
    const notes = readFieldNotes([' length: 32; UI|Kood| ', ` ${text} `]);
    expect(notes.isMandatory).toBe(true);
    expect(notes.length).toEqual({ max: 32 });
    expect(notes.description).toEqual([text]);
  });

  it('reads "mandatory" alone', () => {
    expect(readFieldNotes([' mandatory ']).isMandatory).toBe(true);
  });

  it('keeps free text as description', () => {
    expect(readFieldNotes([' without VAT ']).description).toEqual(['without VAT']);
    expect(readFieldNotes([' document last changed ']).description).toEqual([
      'document last changed',
    ]);
  });

  it('does not take prose that merely mentions a number for a length', () => {
    const notes = readFieldNotes([' 0 or more, see the manual = fine ']);
    expect(notes.length).toBeUndefined();
    expect(notes.description).toEqual(['0 or more, see the manual = fine']);
  });
});

describe('readDescriptionNotes on wiki description cells', () => {
  it('reads values from a description', () => {
    expect(readDescriptionNotes('female = 1, male = 0').values).toEqual([
      { value: '1', label: 'female' },
      { value: '0', label: 'male' },
    ]);
  });

  it('keeps a plain description', () => {
    const text = 'used for update, leave this field out to create new contacts';
    expect(readDescriptionNotes(text).description).toEqual([text]);
  });
});

// Every comment in the real files must leave a trace in the notes: nothing is dropped.
describe.skipIf(!HAS_SHARED)(`every comment in the real schemas${NEEDS_SHARED}`, () => {
  it('is read into a length, label, values, default, flag or description', async () => {
    for (const file of [
      'ws_kliendid.xsd',
      'xml_IN_kliendid.xsd',
      'ws_artiklid.xsd',
      'xml_IN_artiklid.xsd',
    ]) {
      const text = await readFile(path.join(SHARED_XSD_DIR, file), 'utf8');
      const comments = [...text.matchAll(/<!--(.*?)-->/gs)].map((match) => match[1] ?? '');
      expect(comments.length).toBeGreaterThan(20);
      for (const comment of comments) {
        const notes = readFieldNotes([comment]);
        const isBlankLabel = /^\s*;?\s*UI\|\s*\|\s*$/.test(comment);
        const traces = [
          notes.length,
          notes.label,
          notes.defaultSource,
          notes.values.length > 0 || undefined,
          notes.isMandatory || notes.isDoNotSend || notes.isUpdateLocked || undefined,
          notes.description.length > 0 || undefined,
        ].filter((trace) => trace !== undefined);
        expect(isBlankLabel || traces.length > 0, `${file}: <!--${comment}-->`).toBe(true);
      }
    }
  });
});
