// What the schema readers ask of an XSD element: which construct it is, the content model
// Directo uses (`complexType/sequence/element`), and its required attributes.

import type { DiagnosticBag } from '../diagnostics.js';
import { attributeValue, childElements, type XmlElement } from './xml-document.js';

/** The namespace of XML Schema's own elements and types (`xsd:`). */
export const XSD_NAMESPACE = 'http://www.w3.org/2001/XMLSchema';

/** The namespace of SQLXML's mapping annotations (`sql:`). */
export const SQL_NAMESPACE = 'urn:schemas-microsoft-com:mapping-schema';

/** True when `element` is the XML Schema element `localName`. */
export function isXsd(element: XmlElement, localName: string): boolean {
  return element.namespace === XSD_NAMESPACE && element.localName === localName;
}

/** True for `sql:is-constant="true"`: an element with no table behind it, a wrapper. */
export function isConstant(element: XmlElement): boolean {
  const value = attributeValue(element, 'is-constant', SQL_NAMESPACE);

  return value === 'true' || value === '1';
}

/** The elements of `element/complexType/sequence`, the only content model Directo uses. */
export function sequenceElements(element: XmlElement): XmlElement[] {
  const complexType = childElements(element).find((child) => isXsd(child, 'complexType'));

  return complexType === undefined ? [] : complexTypeSequence(complexType);
}

/** The elements of `complexType/sequence`. */
export function complexTypeSequence(complexType: XmlElement): XmlElement[] {
  const sequence = childElements(complexType).find((child) => isXsd(child, 'sequence'));
  if (sequence === undefined) return [];

  return childElements(sequence).filter((child) => isXsd(child, 'element'));
}

/** The value of an attribute the element cannot do without; reported when missing. */
export function requireAttribute(
  diagnostics: DiagnosticBag,
  element: XmlElement,
  name: string,
): string | undefined {
  const value = attributeValue(element, name);
  if (value === undefined || value === '') {
    diagnostics.error(element.location, `<${element.name}> has no ${name}="…"`);
    return undefined;
  }

  return value;
}

/**
 * A field or wrapper name that records cannot hold as a plain property: every JavaScript
 * object already has it (`constructor`, `toString`, `__proto__`), so reading a record
 * could not tell it from the object's own, and assigning `__proto__` changes the object.
 * Reported when found; undefined when the name is usable.
 */
export function checkPropertyName(
  diagnostics: DiagnosticBag,
  element: XmlElement,
  name: string,
): string | undefined {
  if (!(name in Object.prototype)) return name;

  diagnostics.error(
    element.location,
    `the name "${name}" belongs to every JavaScript object, so records cannot carry it`,
  );
  return undefined;
}

/** Reports an element outside the shape Directo's schemas have. */
export function reportUnsupported(diagnostics: DiagnosticBag, element: XmlElement): void {
  diagnostics.error(element.location, `unsupported schema construct <${element.name}>`);
}
