// Emits `types.ts` for a component: the record types read by get (`Contact`), sent by put
// (`ContactInput`), their child records, and the get filters (`ContactQuery`).
//
// Property names are the wire names, unchanged. Values keep their wire text wherever a
// JavaScript number could change them: decimals and dateTimes are strings.

import type {
  InterfaceDeclarationStructure,
  PropertySignatureStructure,
  StatementStructures,
  TypeAliasDeclarationStructure,
} from 'ts-morph';

import type {
  ChildCollection,
  ComponentModel,
  DirectionModel,
  Field,
  QueryFilter,
  RecordType,
} from '../model/component-model.js';
import { isPlainPropertyName } from '../model/names.js';
import { escapeDocText, fieldDocText } from './field-docs.js';
import { StructureKind } from './ts-morph.js';

/** The declarations of `types.ts`, in a stable order: get, put, then filters. */
export function emitTypeStatements(model: ComponentModel): StatementStructures[] {
  return [
    ...(model.output === undefined ? [] : emitDirection(model, model.output)),
    ...(model.input === undefined ? [] : emitDirection(model, model.input)),
    emitQuery(model),
  ];
}

function emitDirection(model: ComponentModel, direction: DirectionModel): StatementStructures[] {
  const structures: StatementStructures[] = [];
  const visit = (record: RecordType, path: string) => {
    structures.push(emitRecord(model, direction, record, path));
    for (const child of record.children) {
      visit(child.record, `${path}/${child.wrapperName}/${child.record.elementName}`);
    }
  };
  visit(direction.record, `${direction.containerName}/${direction.record.elementName}`);

  return structures;
}

function emitRecord(
  model: ComponentModel,
  direction: DirectionModel,
  record: RecordType,
  path: string,
): InterfaceDeclarationStructure {
  const isInput = direction.direction === 'input';
  const fields = isInput ? record.fields.filter((field) => !field.isDoNotSend) : record.fields;
  const action = isInput ? `sent by put` : `returned by get`;

  return {
    kind: StructureKind.Interface,
    name: record.typeName,
    isExported: true,
    docs: [
      escapeDocText(
        `One \`<${record.elementName}>\` ${action} (\`what=${model.what}\`), at \`${path}\` ` +
          `in ${direction.source}.`,
      ),
    ],
    properties: [
      ...fields.map((field) => emitField(field, isInput)),
      ...record.children.map((child): PropertySignatureStructure => ({
        kind: StructureKind.PropertySignature,
        name: propertyName(child.wrapperName),
        type: `${child.record.typeName}[]`,
        hasQuestionToken: isInput,
        docs: [childDoc(child, isInput)],
      })),
    ],
  };
}

function emitField(field: Field, isInput: boolean): PropertySignatureStructure {
  return {
    kind: StructureKind.PropertySignature,
    name: propertyName(field.wireName),
    type: fieldType(field),
    hasQuestionToken: !(isInput && field.isMandatory),
    docs: [fieldDocText(field)],
  };
}

/** The TypeScript type of a field's value. */
export function fieldType(field: Field): string {
  if (field.isEnumeration && field.type === 'int') {
    return field.values.map((value) => value.value).join(' | ');
  }
  if (field.isEnumeration && field.type === 'string') {
    return field.values.map((value) => JSON.stringify(value.value)).join(' | ');
  }

  return field.type === 'int' ? 'number' : 'string';
}

function childDoc(child: ChildCollection, isInput: boolean): string {
  const wrapper = `\`<${child.wrapperName}>\``;
  const empty =
    `an empty ${wrapper} is sent, since the schema requires it; with \`update\`, ` +
    'that may clear the stored list.';
  const presence = !isInput
    ? 'Always an array: empty when the response has none.'
    : child.isWrapperRequired
      ? `Left out, ${empty}`
      : 'Left out, nothing is sent for it.';

  return escapeDocText(
    `The \`<${child.record.elementName}>\` records inside ${wrapper}. ${presence}`,
  );
}

function emitQuery(
  model: ComponentModel,
): InterfaceDeclarationStructure | TypeAliasDeclarationStructure {
  const docs = [`Filters for listing with get (\`what=${model.what}\`); every filter is optional.`];
  if (model.filters === undefined) {
    return {
      kind: StructureKind.TypeAlias,
      name: model.names.query,
      isExported: true,
      docs: [`${docs[0]} No field table documents them, so any name is passed on as given.`],
      type: 'Readonly<Record<string, string>>',
    };
  }

  return {
    kind: StructureKind.Interface,
    name: model.names.query,
    isExported: true,
    docs,
    properties: model.filters.map(emitFilter),
  };
}

function emitFilter(filter: QueryFilter): PropertySignatureStructure {
  const description = filter.description === '' ? '' : `: ${filter.description}`;

  return {
    kind: StructureKind.PropertySignature,
    name: propertyName(filter.name),
    type: filter.type === 'int' ? 'number' : 'string',
    hasQuestionToken: true,
    docs: [escapeDocText(`Get filter \`${filter.name}\`${description}.`)],
  };
}

function propertyName(wireName: string): string {
  return isPlainPropertyName(wireName) ? wireName : JSON.stringify(wireName);
}
