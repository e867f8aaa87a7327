// Reads an XML file into a small tree that keeps comments in document order and knows where
// every element, attribute and comment stands in the file.
//
// xml-js does the parsing (it keeps comments and their order, which the field metadata relies
// on) but reports no positions; source-locator.ts adds them.

import { xml2js, type Element as XmlJsNode } from 'xml-js';

import type { DiagnosticBag, SourceLocation } from '../diagnostics.js';
import { SourceLocator } from './source-locator.js';

export { splitQualifiedName } from './source-locator.js';

/** An attribute as written in a start tag. */
export interface XmlAttribute {
  readonly name: string;
  readonly localName: string;
  /** Set only for prefixed names: unprefixed attributes are in no namespace. */
  readonly namespace: string | undefined;
  readonly value: string;
  readonly location: SourceLocation;
}

/** An element with its namespace resolved from the xmlns declarations in scope. */
export interface XmlElement {
  readonly kind: 'element';
  readonly name: string;
  readonly localName: string;
  readonly namespace: string | undefined;
  /** The prefixes in scope, for resolving QName values such as `type="xsd:int"`. */
  readonly namespaces: ReadonlyMap<string, string>;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlNode[];
  readonly location: SourceLocation;
  /** The line on which the start tag closes: comments on that line annotate the element. */
  readonly tagEndLine: number;
}

/** A comment, its text exactly as written between `<!--` and `-->`. */
export interface XmlComment {
  readonly kind: 'comment';
  readonly text: string;
  readonly location: SourceLocation;
}

/** The nodes the schema readers look at; text, CDATA and instructions are not kept. */
export type XmlNode = XmlElement | XmlComment;

/** A parsed XML file: its root element. */
export interface XmlDocument {
  readonly file: string;
  readonly root: XmlElement;
}

/**
 * Parses `text` (the content of `file`). Malformed XML and duplicate attributes are reported
 * into `diagnostics` with their position; the result is undefined when the file is unusable.
 */
export function readXmlDocument(
  file: string,
  text: string,
  diagnostics: DiagnosticBag,
): XmlDocument | undefined {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const parsed = parseWithXmlJs(file, source, diagnostics);
  if (parsed === undefined) return undefined;

  const locator = new SourceLocator(file, source, diagnostics);
  const roots = locator.locateChildren(parsed.elements ?? [], new Map());
  const [root, second] = roots.filter((node): node is XmlElement => node.kind === 'element');
  if (root === undefined) {
    diagnostics.error({ file, line: 1, column: 1 }, 'the file holds no XML element');
    return undefined;
  }
  if (second !== undefined) {
    const message = `a second root element <${second.name}>: a document has only one`;
    diagnostics.error(second.location, message, root.location);
  }
  if (locator.isTruncated || second !== undefined) return undefined;

  return { file, root };
}

function parseWithXmlJs(
  file: string,
  source: string,
  diagnostics: DiagnosticBag,
): XmlJsNode | undefined {
  try {
    return xml2js(source, { compact: false, captureSpacesBetweenElements: false }) as XmlJsNode;
  } catch (error) {
    diagnostics.error(saxErrorLocation(file, error), `malformed XML: ${saxErrorReason(error)}`);
    return undefined;
  }
}

// sax reports `reason\nLine: N\nColumn: M\nChar: c`, with a 0-based line number.
function saxErrorLocation(file: string, error: unknown): SourceLocation {
  const message = error instanceof Error ? error.message : String(error);
  const line = /Line: (\d+)/.exec(message)?.[1];
  const column = /Column: (\d+)/.exec(message)?.[1];

  return {
    file,
    line: line === undefined ? 1 : Number(line) + 1,
    column: column === undefined ? 1 : Math.max(1, Number(column)),
  };
}

function saxErrorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.split('\n')[0]?.trim() ?? '';

  return reason === '' ? 'unreadable document' : reason.charAt(0).toLowerCase() + reason.slice(1);
}

/** An attribute by namespace and local name; `undefined` namespace means unprefixed. */
export function findAttribute(
  element: XmlElement,
  localName: string,
  namespace?: string,
): XmlAttribute | undefined {
  return element.attributes.find((a) => a.localName === localName && a.namespace === namespace);
}

/** The value of an attribute by namespace and local name, if present. */
export function attributeValue(
  element: XmlElement,
  localName: string,
  namespace?: string,
): string | undefined {
  return findAttribute(element, localName, namespace)?.value;
}

/** The element children of a node, comments left out. */
export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((node): node is XmlElement => node.kind === 'element');
}
