// The words used to describe a field, shared by the JSDoc on generated types and the
// Markdown reference, so the editor hover and the docs always say the same thing.

import type { Field, XsdType } from '../model/component-model.js';
import { wrapWords } from './generated-file.js';

const TYPE_WORDS: Readonly<Record<XsdType, string>> = {
  string: 'text',
  int: 'a 32-bit integer',
  decimal: 'kept as its exact decimal text',
  dateTime: 'kept exactly as sent, no time zone applied',
};

/** `xsd:string, at most 255 characters`, `xsd:int, a 32-bit integer` and the like. */
export function describeType(field: Field): string {
  const unit = field.type === 'string' ? 'character' : 'digit';
  const max = field.length?.max;
  const limit = max === undefined ? undefined : `at most ${max} ${unit}${max === 1 ? '' : 's'}`;
  const remark = field.length?.remark === undefined ? '' : ` (${field.length.remark})`;
  const words = field.type === 'string' && limit !== undefined ? limit : TYPE_WORDS[field.type];
  const extra = field.type !== 'string' && limit !== undefined ? `, ${limit}` : '';

  return `xsd:${field.type}, ${words}${extra}${remark}`;
}

/** `` `1` female, `0` male ``, or undefined when no values are documented. */
export function describeValues(field: Field): string | undefined {
  if (field.values.length === 0) return undefined;

  const list = field.values.map((value) => `\`${value.value}\` ${value.label}`).join(', ');
  return field.isEnumeration ? list : `${list} (other values allowed)`;
}

/** Short remarks: default source, do-not-send, update lock. */
export function describeRemarks(field: Field): string[] {
  const remarks: string[] = [];
  if (field.defaultSource !== undefined) {
    remarks.push(`When not sent, Directo takes it from: ${field.defaultSource}`);
  }
  if (field.isUpdateLocked) remarks.push('Cannot be changed once the record exists');
  if (field.isDoNotSend) remarks.push('Never sent: for Directo’s internal use');

  return remarks;
}

/** The JSDoc text of a field: label, SQL name, type and length, mandatory, description. */
export function fieldDocText(field: Field): string {
  const values = describeValues(field);
  const lines = [
    `${field.label ?? field.wireName} (SQL field \`${field.sqlName}\`).`,
    '',
    `- Type: ${describeType(field)}`,
    `- Mandatory: ${field.isMandatory ? 'yes' : 'no'}`,
    ...(values === undefined ? [] : [`- Values: ${values}`]),
    ...describeRemarks(field).map((remark) => `- ${remark}`),
  ];
  if (field.description.length > 0) lines.push('', ...field.description);

  return escapeDocText(lines.join('\n'));
}

/**
 * Prepares text for a JSDoc comment: wrapped to fit 100 columns once indented and prefixed,
 * and kept from closing the comment early.
 */
export function escapeDocText(text: string): string {
  return wrapWords(text.replace(/\*\//g, '*\\/'), DOC_WIDTH).join('\n');
}

// Room for ` * ` and two levels of indentation within 100 columns.
const DOC_WIDTH = 92;
