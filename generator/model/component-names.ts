// The `what` of each component names it twice: on the wire (`what=contact`) and in the
// generated code, as the namespace `generated/index.ts` exports and the DirectoClient
// property. So it must be a plain name, and no two components may share one.

import { fileLocation, type DiagnosticBag, type SourceLocation } from '../diagnostics.js';
import type { ComponentModel } from './component-model.js';
import { RUNTIME_TYPE_EXPORTS, RUNTIME_VALUE_EXPORTS } from './names.js';
import type { ComponentSources } from './to-component-model.js';

// What the generated index.ts exports besides the components, names a class field cannot
// take (the client has one per component), and JavaScript's reserved words, which an import
// could only take under another name.
const TAKEN: ReadonlySet<string> = new Set([
  'DirectoClient',
  ...RUNTIME_VALUE_EXPORTS,
  ...RUNTIME_TYPE_EXPORTS,
  'constructor',
  '__proto__',
  ...(
    'await break case catch class const continue debugger default delete do else enum ' +
    'export extends false finally for function if implements import in instanceof interface ' +
    'let new null package private protected public return static super switch this throw ' +
    'true try typeof var void while with yield'
  ).split(' '),
]);

/** Reports a `what` that cannot name a namespace, and one given to two components. */
export function checkComponentNames(
  models: readonly ComponentModel[],
  sources: readonly ComponentSources[],
  diagnostics: DiagnosticBag,
): void {
  const seen = new Map<string, string>();
  for (const model of models) {
    const source = sources.find((candidate) => candidate.folder.name === model.name);
    const where = source === undefined ? fileLocation(model.name) : whatLocation(source);
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(model.what)) {
      diagnostics.error(
        where,
        `what "${model.what}" cannot name the component in the generated code; ` +
          'give it a "what" of ASCII letters, digits and _ in component.json',
      );
    }
    if (TAKEN.has(model.what)) {
      diagnostics.error(
        where,
        `what "${model.what}" is a name the generated code already uses; ` +
          'give the component another "what" in component.json',
      );
    }
    const other = seen.get(model.what);
    if (other !== undefined) {
      diagnostics.error(where, `what "${model.what}" is also the what of component "${other}"`);
    }
    seen.set(model.what, model.name);
  }
}

// Where the `what` was taken from: the manifest, the field table, or the record's element.
function whatLocation(source: ComponentSources): SourceLocation {
  const { manifest } = source.folder;
  if (manifest.what !== undefined && manifest.location !== undefined) return manifest.location;
  if (source.table?.what !== undefined) return fileLocation(source.table.file);
  const schema = source.output ?? source.input;

  return schema === undefined ? fileLocation(source.folder.dir) : schema.record.location;
}
