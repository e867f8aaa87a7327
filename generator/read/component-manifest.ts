// Reads a component's optional manifest, `component.json`, which overrides the defaults
// where a component's files do not follow the naming convention. Every key is checked, and
// each problem is reported at the key's own line and column.

import {
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type Node as JsonNode,
  type ParseError,
} from 'jsonc-parser';

import type { DiagnosticBag, SourceLocation } from '../diagnostics.js';
import { fileLocation } from '../diagnostics.js';
import { readInputText } from './input-text.js';

/** The manifest's file name in a component folder. */
export const MANIFEST = 'component.json';

/** The optional `component.json`. */
export interface Manifest {
  /** The `what` request parameter; defaults to the field table's, then the record name. */
  readonly what?: string;
  /** Schema and field table file names, when the naming convention does not fit. */
  readonly output?: string;
  readonly input?: string;
  readonly fieldTable?: string;
  /** Field table section titles mapped to child collection wrapper names. */
  readonly sections?: Readonly<Record<string, string>>;
  readonly location?: SourceLocation;
}

const MANIFEST_KEYS = ['what', 'output', 'input', 'fieldTable', 'sections'] as const;

/**
 * The manifest in `file`, or undefined when it is not one (each problem reported). jsonc-parser
 * gives syntax errors and key positions as offsets, which JSON.parse does not.
 */
export async function readManifest(
  file: string,
  diagnostics: DiagnosticBag,
): Promise<Manifest | undefined> {
  const text = await readInputText(file, diagnostics);
  if (text === undefined) return undefined;

  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  // Only the first syntax error is reported: the ones after it are mostly its echoes.
  const [error] = errors;
  if (error !== undefined) {
    const reason = printParseErrorCode(error.error).replace(/(?<=[a-z])(?=[A-Z])/g, ' ');
    const where = offsetLocation(file, text, error.offset);
    diagnostics.error(where, `invalid JSON: ${reason.toLowerCase()}`);
  }
  if (error !== undefined || tree === undefined) return undefined;
  if (tree.type !== 'object') {
    diagnostics.error(fileLocation(file), 'the manifest must be a JSON object');
    return undefined;
  }

  return checkManifest(file, text, tree, diagnostics);
}

function checkManifest(
  file: string,
  text: string,
  tree: JsonNode,
  diagnostics: DiagnosticBag,
): Manifest | undefined {
  const before = diagnostics.items.length;
  for (const property of tree.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode === undefined || valueNode === undefined) continue;
    const key = String(keyNode.value);
    const where = offsetLocation(file, text, keyNode.offset);
    const value: unknown = getNodeValue(valueNode);
    if (!(MANIFEST_KEYS as readonly string[]).includes(key)) {
      diagnostics.error(where, `unknown key "${key}"; known keys: ${MANIFEST_KEYS.join(', ')}`);
    } else if (key === 'sections' ? !isStringRecord(value) : typeof value !== 'string') {
      const expected = key === 'sections' ? 'an object of strings' : 'a string';
      diagnostics.error(where, `"${key}" must be ${expected}`);
    }
  }
  if (diagnostics.items.length > before) return undefined;

  return { ...(getNodeValue(tree) as Manifest), location: fileLocation(file) };
}

function isStringRecord(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((entry) => typeof entry === 'string')
  );
}

function offsetLocation(file: string, text: string, offset: number): SourceLocation {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;

  return { file, line, column: offset - before.lastIndexOf('\n') };
}
