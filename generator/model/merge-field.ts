// Merges what one schema attribute says of a field with what its field table row says, by
// the rules in merge-record.ts; each disagreement is reported with both places.

import type { DiagnosticBag } from '../diagnostics.js';
import type { EnumerationValue } from '../read/field-notes.js';
import type { TableField, TableSection } from '../read/field-table.js';
import type { SchemaAttribute } from '../read/schema-file.js';
import type { Field } from './component-model.js';

/**
 * One field from its schema attribute and its row, if the table has one; `section` is the
 * table section the row would be in, absent when the table has none for this record.
 */
export function mergeField(
  attribute: SchemaAttribute,
  row: TableField | undefined,
  section: TableSection | undefined,
  diagnostics: DiagnosticBag,
): Field {
  if (section !== undefined && row === undefined) {
    diagnostics.warning(
      attribute.location,
      `field "${attribute.name}" is in the schema but not in the field table; ` +
        'kept, since the schema is the mapping Directo applies',
      section.location,
    );
  }
  if (row !== undefined) reportDisagreements(attribute, row, diagnostics);

  const notes = attribute.notes;
  const values = intValues(attribute, mergeValues(attribute, row, diagnostics), diagnostics);
  return {
    wireName: attribute.name,
    sqlName: attribute.sqlField,
    type: attribute.type,
    length: mergeLength(attribute, row),
    label: notes.label ?? row?.label,
    isMandatory: attribute.isRequired || notes.isMandatory || row?.isMandatory === true,
    values,
    isEnumeration: values.length >= 2,
    defaultSource: notes.defaultSource ?? row?.notes.defaultSource,
    isDoNotSend: notes.isDoNotSend || row?.notes.isDoNotSend === true,
    isUpdateLocked: notes.isUpdateLocked || row?.notes.isUpdateLocked === true,
    description: unique([...notes.description, ...(row?.notes.description ?? [])]),
    location: attribute.location,
    tableLocation: row?.location,
  };
}

function reportDisagreements(
  attribute: SchemaAttribute,
  row: TableField,
  diagnostics: DiagnosticBag,
): void {
  const disagree = (what: string, rule: string) =>
    diagnostics.warning(
      attribute.location,
      `field "${attribute.name}": ${what}; ${rule}`,
      row.location,
    );

  if (row.sqlName !== undefined && row.sqlName !== attribute.sqlField) {
    disagree(
      `sql:field "${attribute.sqlField}" here, "${row.sqlName}" in the field table`,
      'the schema wins (it is the mapping Directo applies)',
    );
  }
  if (row.type !== undefined && row.type !== attribute.type) {
    disagree(
      `type xsd:${attribute.type} here, ${row.type} in the field table`,
      'the schema wins (it decides the wire format)',
    );
  }
  const length = attribute.notes.length?.max;
  if (length !== undefined && row.length !== undefined && row.length !== length) {
    disagree(
      `length ${length} here, ${row.length} in the field table`,
      `the smaller (${Math.min(length, row.length)}) wins, since Directo cuts longer values`,
    );
  }
}

function mergeLength(attribute: SchemaAttribute, row: TableField | undefined): Field['length'] {
  const fromSchema = attribute.notes.length;
  if (row?.length === undefined) return fromSchema;
  if (fromSchema === undefined || row.length < fromSchema.max) return { max: row.length };

  return fromSchema;
}

function mergeValues(
  attribute: SchemaAttribute,
  row: TableField | undefined,
  diagnostics: DiagnosticBag,
): EnumerationValue[] {
  const fromSchema = attribute.notes.values;
  const fromTable = row?.notes.values ?? [];
  const extra = fromTable.filter((value) => !fromSchema.some((v) => v.value === value.value));
  const missing = fromSchema.filter((value) => !fromTable.some((v) => v.value === value.value));
  if (
    row !== undefined &&
    fromSchema.length > 0 &&
    fromTable.length > 0 &&
    extra.length + missing.length > 0
  ) {
    diagnostics.warning(
      attribute.location,
      `field "${attribute.name}": documented values ${listValues(fromSchema)} here, ` +
        `${listValues(fromTable)} in the field table; both are kept`,
      row.location,
    );
  }

  return [...fromSchema, ...extra];
}

// An xsd:int field's documented values become number literal types, and its values are
// read as numbers: each is written as a plain integer (`07` as `7`), and one outside
// xsd:int's range, which no value of the field can equal, is left out with a warning.
function intValues(
  attribute: SchemaAttribute,
  values: readonly EnumerationValue[],
  diagnostics: DiagnosticBag,
): EnumerationValue[] {
  if (attribute.type !== 'int') return [...values];
  const kept: EnumerationValue[] = [];
  for (const value of values) {
    const number = Number(value.value);
    if (number < -2147483648 || number > 2147483647) {
      diagnostics.warning(
        attribute.location,
        `field "${attribute.name}": documented value ${value.value} is outside xsd:int; left out`,
      );
      continue;
    }
    const written = String(number);
    if (!kept.some((known) => known.value === written)) kept.push({ ...value, value: written });
  }

  return kept;
}

function listValues(values: readonly EnumerationValue[]): string {
  return values.map((value) => value.value).join('/');
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
