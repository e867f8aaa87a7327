// Reads a record's fields: the `xsd:attribute` elements of its complexType. Each one names
// the field, its SQL column (`sql:field`) and its xsd type; everything else Directo says
// about a field (length, label, values, mandatory) is in the comments that follow it.

import type { DiagnosticBag } from '../diagnostics.js';
import { readFieldNotes } from './field-notes.js';
import type { SchemaAttribute, XsdType } from './schema-types.js';
import {
  attributeValue,
  findAttribute,
  splitQualifiedName,
  type XmlElement,
} from './xml-document.js';
import {
  checkPropertyName,
  isXsd,
  reportUnsupported,
  requireAttribute,
  SQL_NAMESPACE,
  XSD_NAMESPACE,
} from './xsd-elements.js';

const XSD_TYPES: ReadonlySet<string> = new Set<XsdType>(['string', 'int', 'decimal', 'dateTime']);

/** Reads the fields of a record's complexType, each with the comments that follow it. */
export function readAttributes(
  complexType: XmlElement,
  diagnostics: DiagnosticBag,
): SchemaAttribute[] {
  const attributes: SchemaAttribute[] = [];
  let comments: string[] | undefined;
  let current: XmlElement | undefined;
  const flush = () => {
    if (current !== undefined) addAttribute(current, comments ?? [], attributes, diagnostics);
  };

  for (const node of complexType.children) {
    if (node.kind === 'comment') {
      comments?.push(node.text);
      continue;
    }
    flush();
    current = isXsd(node, 'attribute') ? node : undefined;
    comments = current === undefined ? undefined : [];
    if (current === undefined && !isXsd(node, 'sequence') && !isXsd(node, 'annotation')) {
      reportUnsupported(diagnostics, node);
    }
  }
  flush();

  return attributes;
}

function addAttribute(
  element: XmlElement,
  comments: string[],
  into: SchemaAttribute[],
  diagnostics: DiagnosticBag,
): void {
  const written = requireAttribute(diagnostics, element, 'name');
  const name = written === undefined ? undefined : checkPropertyName(diagnostics, element, written);
  const type = readType(element, written, diagnostics);
  if (name === undefined || type === undefined) return;

  const earlier = into.find((attribute) => attribute.name === name);
  if (earlier !== undefined) {
    diagnostics.error(element.location, `duplicate attribute "${name}"`, earlier.location);
    return;
  }
  into.push({
    name,
    sqlField: attributeValue(element, 'field', SQL_NAMESPACE) ?? name,
    type,
    isRequired: attributeValue(element, 'use') === 'required',
    comments,
    notes: readFieldNotes(comments),
    location: element.location,
  });
}

function readType(
  element: XmlElement,
  name: string | undefined,
  diagnostics: DiagnosticBag,
): XsdType | undefined {
  const type = findAttribute(element, 'type');
  if (type === undefined) {
    diagnostics.error(element.location, `attribute "${name ?? '?'}" has no type`);
    return undefined;
  }

  const [prefix, localName] = splitQualifiedName(type.value);
  if (element.namespaces.get(prefix) !== XSD_NAMESPACE || !XSD_TYPES.has(localName)) {
    diagnostics.error(
      type.location,
      `unknown type "${type.value}" on attribute "${name ?? '?'}"; ` +
        'supported: xsd:string, xsd:int, xsd:decimal, xsd:dateTime',
    );
    return undefined;
  }

  return localName as XsdType;
}
