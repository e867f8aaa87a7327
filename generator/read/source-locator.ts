// Finds where each node of an xml-js tree stands in the file it was read from. xml-js keeps
// comments and their order but reports no positions, so the tree is walked in document order
// alongside the raw text, and each node is matched to the offset where it starts.

import type { Element as XmlJsNode } from 'xml-js';

import type { DiagnosticBag, SourceLocation } from '../diagnostics.js';
import type { XmlAttribute, XmlComment, XmlElement, XmlNode } from './xml-document.js';

type NamespaceScope = ReadonlyMap<string, string>;

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

/** Walks xml-js nodes in document order, advancing a cursor through the raw text. */
export class SourceLocator {
  /** Set when an element is never closed: the rest of the tree cannot be trusted. */
  isTruncated = false;
  private cursor = 0;
  private readonly lineStarts: number[];

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly diagnostics: DiagnosticBag,
  ) {
    this.lineStarts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      this.lineStarts.push(i + 1);
    }
  }

  locateChildren(nodes: readonly XmlJsNode[], scope: NamespaceScope): XmlNode[] {
    const located: XmlNode[] = [];
    for (const node of nodes) {
      const result = this.locateNode(node, scope);
      if (result !== undefined) located.push(result);
    }

    return located;
  }

  private locateNode(node: XmlJsNode, scope: NamespaceScope): XmlNode | undefined {
    switch (node.type) {
      case 'element':
        return this.locateElement(node, scope);
      case 'comment':
        return this.locateComment(node);
      case 'cdata':
        this.skipPast('<![CDATA[', ']]>');
        return undefined;
      case 'instruction':
        this.skipPast('<?', '?>');
        return undefined;
      case 'doctype':
        this.skipPast('<!DOCTYPE', '>');
        return undefined;
      default:
        return undefined;
    }
  }

  private locateComment(node: XmlJsNode): XmlComment {
    const start = this.text.indexOf('<!--', this.cursor);
    const end = this.text.indexOf('-->', start + 4);
    this.cursor = end + 3;

    return { kind: 'comment', text: String(node.comment ?? ''), location: this.at(start) };
  }

  private locateElement(node: XmlJsNode, parentScope: NamespaceScope): XmlElement {
    const name = node.name ?? '';
    const start = this.findStartTag(name);
    const tag = scanStartTag(this.text, start + 1 + name.length);
    this.cursor = tag.end;
    this.reportDuplicateAttributes(name, tag.attributes);

    const values = (node.attributes ?? {}) as Record<string, string | number | undefined>;
    const scope = extendScope(parentScope, tag.attributes, values);
    const attributes = tag.attributes.map((attribute): XmlAttribute => {
      const [attributePrefix, attributeLocalName] = splitQualifiedName(attribute.name);
      return {
        name: attribute.name,
        localName: attributeLocalName,
        namespace: attributePrefix === '' ? undefined : scope.get(attributePrefix),
        value: String(values[attribute.name] ?? ''),
        location: this.at(attribute.offset),
      };
    });
    const [prefix, localName] = splitQualifiedName(name);
    const children = this.locateChildren(node.elements ?? [], scope);
    if (this.text.charAt(tag.end - 2) !== '/') this.skipEndTag(name, start);

    return {
      kind: 'element',
      name,
      localName,
      namespace: scope.get(prefix),
      namespaces: scope,
      attributes,
      children,
      location: this.at(start),
      tagEndLine: this.at(tag.end - 1).line,
    };
  }

  // sax, under xml-js, fails at a mismatched end tag, but a file that stops before its
  // elements close (a truncated download, a lost tail) is only noticed at the very end,
  // where xml-js drops the error. The missing end tag is found here instead.
  private skipEndTag(name: string, start: number): void {
    const end = this.text.indexOf(`</${name}`, this.cursor);
    if (end === -1) {
      // Reported once, for the innermost element: its ancestors are open for the same reason.
      const message = `<${name}> is never closed: the file ends inside it`;
      if (!this.isTruncated) this.diagnostics.error(this.at(start), message);
      this.isTruncated = true;
      this.cursor = this.text.length;
      return;
    }
    this.cursor = this.text.indexOf('>', end) + 1;
  }

  private findStartTag(name: string): number {
    let index = this.text.indexOf(`<${name}`, this.cursor);
    while (index !== -1 && !isNameEnd(this.text.charAt(index + 1 + name.length))) {
      index = this.text.indexOf(`<${name}`, index + 1);
    }

    return index;
  }

  private reportDuplicateAttributes(element: string, attributes: readonly RawAttribute[]): void {
    const seen = new Map<string, number>();
    for (const attribute of attributes) {
      const first = seen.get(attribute.name);
      if (first === undefined) {
        seen.set(attribute.name, attribute.offset);
        continue;
      }
      this.diagnostics.error(
        this.at(attribute.offset),
        `duplicate attribute "${attribute.name}" on <${element}>`,
        this.at(first),
      );
    }
  }

  private skipPast(open: string, close: string): void {
    const start = this.text.indexOf(open, this.cursor);
    if (start !== -1) this.cursor = this.text.indexOf(close, start + open.length) + close.length;
  }

  private at(offset: number): SourceLocation {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }

    return { file: this.file, line: low + 1, column: offset - (this.lineStarts[low] ?? 0) + 1 };
  }
}

interface RawAttribute {
  readonly name: string;
  readonly offset: number;
}

interface RawStartTag {
  readonly attributes: readonly RawAttribute[];
  /** Offset just past the closing `>`. */
  readonly end: number;
}

// The document is already known to be well formed, so the scan only needs to step over
// quoted values (which may hold `>`) to find attribute names and the end of the tag.
function scanStartTag(text: string, from: number): RawStartTag {
  const attributes: RawAttribute[] = [];
  let i = from;
  while (i < text.length && text[i] !== '>') {
    const char = text.charAt(i);
    if (char === '"' || char === "'") {
      i = text.indexOf(char, i + 1) + 1;
      continue;
    }
    if (isNameEnd(char) || char === '=') {
      i += 1;
      continue;
    }
    const nameStart = i;
    while (i < text.length && !isNameEnd(text.charAt(i)) && text[i] !== '=') i += 1;
    attributes.push({ name: text.slice(nameStart, i), offset: nameStart });
  }

  return { attributes, end: i + 1 };
}

function isNameEnd(char: string): boolean {
  return char === '' || char === '>' || char === '/' || /\s/.test(char);
}

function extendScope(
  parent: NamespaceScope,
  attributes: readonly RawAttribute[],
  values: Readonly<Record<string, string | number | undefined>>,
): NamespaceScope {
  const declarations = attributes.filter((a) => a.name === 'xmlns' || a.name.startsWith('xmlns:'));
  if (declarations.length === 0) return parent;

  const scope = new Map(parent);
  scope.set('xml', XML_NAMESPACE);
  for (const declaration of declarations) {
    const prefix = declaration.name === 'xmlns' ? '' : declaration.name.slice(6);
    scope.set(prefix, String(values[declaration.name] ?? ''));
  }

  return scope;
}

/** Splits `prefix:local` into its parts; an unprefixed name has the prefix `''`. */
export function splitQualifiedName(name: string): [prefix: string, localName: string] {
  const colon = name.indexOf(':');

  return colon === -1 ? ['', name] : [name.slice(0, colon), name.slice(colon + 1)];
}
