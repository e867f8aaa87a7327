// Emits the put writers of `codec.ts`: one function per record type that writes a record,
// already validated, as its element. Knowing the attributes in advance, each reads its
// properties directly and concatenates fixed text, which is several times faster than
// walking the schema at run time; the runtime's generic writer stays as the reference the
// tests compare them with.

import type { FunctionDeclarationStructure } from 'ts-morph';

import type { Field, RecordType } from '../model/component-model.js';
import { isPlainPropertyName } from '../model/names.js';
import { StructureKind } from './ts-morph.js';

/** The name of the writer for a record type: `writeContactInput`. */
export function writerName(record: RecordType): string {
  return `write${record.typeName}`;
}

/** Writers for `record` and every child record type below it, parents first. */
export function emitWriters(record: RecordType): FunctionDeclarationStructure[] {
  return [emitWriter(record), ...record.children.flatMap((child) => emitWriters(child.record))];
}

function emitWriter(record: RecordType): FunctionDeclarationStructure {
  const element = record.elementName;
  const fields = record.fields.filter((field) => !field.isDoNotSend).map(writeField);
  const children = record.children.map((child) => {
    const items = read(child.wrapperName);
    const wrapper = child.wrapperName;
    const empty = child.isWrapperRequired ? `  content += '<${wrapper}/>';\n` : '';
    return (
      `if (${items} !== undefined && ${items}.length > 0) {\n` +
      `  content += '<${wrapper}>';\n` +
      `  for (const item of ${items}) content += ${writerName(child.record)}(item);\n` +
      `  content += '</${wrapper}>';\n` +
      (empty === '' ? '}' : `} else {\n${empty}}`)
    );
  });
  const body =
    children.length === 0
      ? [`let text = '<${element}';`, ...fields, `return text + '/>';`]
      : [
          `let text = '<${element}';`,
          ...fields,
          "let content = '';",
          ...children,
          `return content === '' ? text + '/>' : text + '>' + content + '</${element}>';`,
        ];

  return {
    kind: StructureKind.Function,
    name: writerName(record),
    docs: [`Writes one validated \`<${element}>\` with its children.`],
    parameters: [{ name: 'record', type: record.typeName }],
    returnType: 'string',
    statements: body,
  };
}

function writeField(field: Field): string {
  const value = read(field.wireName);
  const text = field.type === 'int' ? value : `escapeAttribute(${value})`;

  return `if (${value} !== undefined) {\n  text += ' ${field.wireName}="' + ${text} + '"';\n}`;
}

function read(name: string): string {
  return isPlainPropertyName(name) ? `record.${name}` : `record[${JSON.stringify(name)}]`;
}
