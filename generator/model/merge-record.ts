// Merges what one schema file says of a record with what the field table says of it.
//
// The rules, which every warning repeats so nothing is decided silently:
// - The schema decides which fields exist, their SQL names and their types: it is the
//   mapping Directo applies. A table row with no schema attribute is left out, since Directo
//   ignores attributes its mapping lacks.
// - Labels and descriptions come from both, the schema's first.
// - When both give a length, the smaller wins: a longer value would be cut by Directo.
// - A field is mandatory, or never to be sent, when either source says so.
// - Documented values are joined; when the two lists differ the union is kept.

import type { DiagnosticBag } from '../diagnostics.js';
import type { TableEntry, TableField, TableSection } from '../read/field-table.js';
import type { SchemaCollection, SchemaRecord } from '../read/schema-file.js';
import type { ChildCollection, Field, RecordType } from './component-model.js';
import { mergeField } from './merge-field.js';
import { toPascalCase } from './names.js';

/** What the merge of one direction needs besides the schema record. */
export interface RecordMergeInput {
  /** The type name of the top-level record, such as `Contact` or `ContactInput`. */
  readonly typeName: string;
  /** Appended to child type names: `''` for get, `'Input'` for put. */
  readonly suffix: string;
  readonly prefix: string;
  readonly sections: readonly TableSection[];
  /** Section titles mapped to child wrapper names, beyond the built-in ones. */
  readonly sectionAliases: Readonly<Record<string, string>>;
  readonly doNotSend: readonly TableEntry[];
}

/** Directo's wiki calls the `datafields` collection "Extra fields" on every page. */
const BUILT_IN_ALIASES: Readonly<Record<string, string>> = { 'Extra fields': 'datafields' };

/** Merges one direction's record tree with its table sections. */
export function mergeRecord(
  record: SchemaRecord,
  input: RecordMergeInput,
  diagnostics: DiagnosticBag,
): RecordType {
  const header = input.sections.find((section) => section.title === 'Header');
  const used = new Set<TableSection>(header === undefined ? [] : [header]);
  const doNotSend = findDoNotSend(record, input.doNotSend, diagnostics);
  const merged = mergeRecordTree(
    record,
    input.typeName,
    header,
    input,
    used,
    diagnostics,
    doNotSend,
  );

  for (const section of input.sections) {
    if (used.has(section)) continue;
    diagnostics.warning(
      section.location,
      `field table section "${section.title}" matches no child collection of ` +
        `<${record.elementName}>; its rows are not used (map it in component.json "sections")`,
      record.location,
    );
  }

  return merged;
}

function mergeRecordTree(
  record: SchemaRecord,
  typeName: string,
  section: TableSection | undefined,
  input: RecordMergeInput,
  used: Set<TableSection>,
  diagnostics: DiagnosticBag,
  doNotSend: ReadonlyMap<string, TableEntry> = new Map(),
): RecordType {
  const hasTable = input.sections.length > 0;
  if (hasTable && section === undefined) {
    diagnostics.warning(
      record.location,
      `<${record.elementName}> has no section in the field table; its fields are documented ` +
        'by the schema alone',
    );
  }

  const fields = record.attributes.map((attribute) => {
    const row = findRow(section, attribute.name);
    const entry = doNotSend.get(attribute.name);
    // Listed as do not send, the field needs no row of its own; one it has still counts.
    const rowSection = entry !== undefined && row === undefined ? undefined : section;
    const field = mergeField(attribute, row, rowSection, diagnostics);
    const marked = entry === undefined ? field : { ...field, isDoNotSend: true };
    return settleDoNotSend(marked, entry, diagnostics);
  });
  if (section !== undefined) reportTableOnlyRows(record, section, diagnostics);
  const children = record.collections.map((collection) =>
    mergeCollection(collection, input, used, diagnostics),
  );

  return {
    elementName: record.elementName,
    typeName,
    relation: record.relation,
    fields,
    children,
    location: record.location,
  };
}

function mergeCollection(
  collection: SchemaCollection,
  input: RecordMergeInput,
  used: Set<TableSection>,
  diagnostics: DiagnosticBag,
): ChildCollection {
  const section = findSection(collection, input);
  if (section !== undefined) used.add(section);
  const typeName = `${input.prefix}${toPascalCase(collection.record.elementName)}${input.suffix}`;

  return {
    wrapperName: collection.wrapperName,
    isWrapperRequired: collection.isWrapperRequired,
    record: mergeRecordTree(collection.record, typeName, section, input, used, diagnostics),
    relationship: collection.relationship && {
      name: collection.relationship.name,
      parent: collection.relationship.parent,
      parentKey: collection.relationship.parentKey,
      child: collection.relationship.child,
      childKey: collection.relationship.childKey,
    },
    location: collection.location,
  };
}

// A section belongs to a collection by an alias, or when its title, without spaces and
// case, is the wrapper's or the record's name ("Rows" for <rows><row/></rows>).
function findSection(
  collection: SchemaCollection,
  input: RecordMergeInput,
): TableSection | undefined {
  const aliases = { ...BUILT_IN_ALIASES, ...input.sectionAliases };
  const squash = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  const names = [collection.wrapperName, collection.record.elementName].map(squash);

  return input.sections.find(
    (section) =>
      aliases[section.title] === collection.wrapperName || names.includes(squash(section.title)),
  );
}

function findRow(section: TableSection | undefined, name: string): TableField | undefined {
  return section?.fields.find((field) => field.xmlName === name);
}

function reportTableOnlyRows(
  record: SchemaRecord,
  section: TableSection,
  diagnostics: DiagnosticBag,
): void {
  for (const row of section.fields) {
    if (record.attributes.some((attribute) => attribute.name === row.xmlName)) continue;
    diagnostics.warning(
      row.location,
      `field "${row.xmlName}" is in the field table but not in the schema of ` +
        `<${record.elementName}>; left out, since Directo ignores attributes its mapping lacks`,
      record.location,
    );
  }
}

// The wiki's "Do not send" list names header fields; one the schema lacks is reported.
// A field to be sent on every put and never to be sent cannot be both. Not sending it is
// the safer of the two, since a field marked so (session_id) can harm what Directo stores;
// a mandatory one would also make every record fail validation.
function settleDoNotSend(
  field: Field,
  entry: TableEntry | undefined,
  diagnostics: DiagnosticBag,
): Field {
  if (!field.isDoNotSend || !field.isMandatory) return field;
  diagnostics.warning(
    field.location,
    `field "${field.wireName}" is both mandatory and do not send; it is left out of put ` +
      'records, since sending a field marked so can harm what Directo stores',
    entry?.location ?? field.tableLocation,
  );

  return { ...field, isMandatory: false };
}

function findDoNotSend(
  record: SchemaRecord,
  entries: readonly TableEntry[],
  diagnostics: DiagnosticBag,
): Map<string, TableEntry> {
  const found = new Map<string, TableEntry>();
  for (const entry of entries) {
    const earlier = found.get(entry.name);
    if (earlier !== undefined) {
      const message = `"${entry.name}" is listed twice as do not send; the first entry is kept`;
      diagnostics.warning(entry.location, message, earlier.location);
      continue;
    }
    if (record.attributes.some((attribute) => attribute.name === entry.name)) {
      found.set(entry.name, entry);
      continue;
    }
    diagnostics.warning(
      entry.location,
      `"${entry.name}" is listed as do not send but <${record.elementName}> has no such field`,
      record.location,
    );
  }

  return found;
}
