// Compares the get and put records of a component. The same wire name mapped to different
// SQL fields or types in the two directions is usually a typo in one of the documents, so it
// is a warning. The same SQL field under two wire names (`vatregion` in get, `vatzone` in put)
// is how Directo publishes some fields, so it is only a note for the reference.

import type { DiagnosticBag } from '../diagnostics.js';
import type { Field, RecordType } from './component-model.js';

/** Reports how the get and put records of one component differ where they overlap. */
export function checkDirections(
  output: RecordType,
  input: RecordType,
  diagnostics: DiagnosticBag,
): void {
  for (const putField of input.fields) {
    const getField = output.fields.find((field) => field.wireName === putField.wireName);
    if (getField !== undefined) compareSameName(getField, putField, diagnostics);
    else noteRenamed(output.fields, putField, diagnostics);
  }

  for (const putChild of input.children) {
    const getChild = output.children.find((child) => child.wrapperName === putChild.wrapperName);
    if (getChild !== undefined) checkDirections(getChild.record, putChild.record, diagnostics);
  }
}

function compareSameName(getField: Field, putField: Field, diagnostics: DiagnosticBag): void {
  const name = putField.wireName;
  if (getField.sqlName !== putField.sqlName) {
    diagnostics.warning(
      putField.location,
      `field "${name}" maps to SQL field "${putField.sqlName}" in put but ` +
        `"${getField.sqlName}" in get; each direction keeps its own`,
      getField.location,
    );
  }
  if (getField.type !== putField.type) {
    diagnostics.warning(
      putField.location,
      `field "${name}" is xsd:${putField.type} in put but xsd:${getField.type} in get; ` +
        'each direction keeps its own',
      getField.location,
    );
  }
}

function noteRenamed(
  getFields: readonly Field[],
  putField: Field,
  diagnostics: DiagnosticBag,
): void {
  const getField = getFields.find(
    (field) => field.sqlName === putField.sqlName && !field.isDoNotSend && !putField.isDoNotSend,
  );
  if (getField === undefined) return;

  diagnostics.note(
    putField.location,
    `"${putField.wireName}" (put) and "${getField.wireName}" (get) are the same SQL field ` +
      `"${putField.sqlName}"`,
    getField.location,
  );
}
