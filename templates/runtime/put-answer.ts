// Reads Directo's answer to a put: `<results>` holding one `<Result Type Desc docid doctype
// submit/>` per record, in the order sent. Sources disagree on the case of these names
// (`Result` or `result`, `Type` or `type`), so every name is matched without case.

import { DirectoParseError } from './errors.js';
import { directoError } from './record-reader.js';
import { attributesOf, elements, readRoot, rejectText } from './xml-tree.js';

/** One `<Result>` as Directo wrote it. */
export interface ResultAttributes {
  readonly type: string;
  readonly description: string;
  readonly docid?: string;
  readonly doctype?: string;
  readonly submit?: string;
}

/**
 * The results in a put answer. An answer refusing the whole request (`<result type="5"/>`,
 * `<err>…</err>`) raises a DirectoParseError of kind `directo-error`.
 */
export function readPutAnswer(xml: string): ResultAttributes[] {
  const root = readRoot(xml);
  if (/^(result|err|error)$/i.test(root.name)) throw directoError(root.name, root.value);
  if (!/^results$/i.test(root.name)) {
    throw new DirectoParseError('unexpected-root', `expected <results>, got <${root.name}>`);
  }

  const results: ResultAttributes[] = [];
  rejectText(root.value, `<${root.name}>`);
  for (const name of Object.keys(root.value)) {
    if (name === '#text' || name === '@attributes') continue;
    if (!/^result$/i.test(name)) {
      throw new DirectoParseError('unexpected-element', `unexpected <${name}> in <${root.name}>`);
    }
  }
  // fast-xml-parser groups same-named children, so `Result` and `result` mixed in one answer
  // would lose their order; no source shows such an answer, and it is refused.
  const names = Object.keys(root.value).filter((name) => /^result$/i.test(name));
  if (names.length > 1) {
    throw new DirectoParseError('unexpected-element', 'the answer mixes <Result> and <result>');
  }
  for (const element of names.flatMap((name) => elements(root.value, name))) {
    const number = results.length + 1;
    rejectText(element, `<Result> number ${number}`);
    const inner = Object.keys(element).find((key) => key !== '#text' && key !== '@attributes');
    if (inner !== undefined) {
      throw new DirectoParseError('unexpected-element', `unexpected <${inner}> in a <Result>`);
    }
    results.push(readResult(attributesOf(element), number));
  }

  return results;
}

function readResult(attributes: Readonly<Record<string, unknown>>, number: number) {
  const byName = new Map<string, string>();
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'string') byName.set(name.toLowerCase(), value);
  }
  const type = byName.get('type');
  if (type === undefined) {
    throw new DirectoParseError('invalid-value', `<Result> number ${number} has no Type`);
  }
  const optional = (name: 'docid' | 'doctype' | 'submit') => {
    const value = byName.get(name);
    return value === undefined ? {} : { [name]: value };
  };

  return {
    type,
    description: byName.get('desc') ?? '',
    ...optional('docid'),
    ...optional('doctype'),
    ...optional('submit'),
  };
}

/** Result types that mean the record was stored; every other type is a failure. */
export function isSuccessType(type: string): boolean {
  return type.trim() === '0' || type.trim() === '30';
}
