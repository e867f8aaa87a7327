// Reads one Directo XSD: a Microsoft SQLXML mapping schema. The shape Directo publishes is
//
//   <xsd:element name="contacts" sql:is-constant="true">        the plural container
//     … <xsd:element name="contact" sql:relation="…">            the record
//         <xsd:sequence> <xsd:element name="datafields" sql:is-constant="true">
//             … <xsd:element ref="data" sql:relationship="Data"/>   a child collection
//         <xsd:attribute name="code" sql:field="kood" type="xsd:int"/><!-- notes -->
//   <xsd:annotation><xsd:appinfo><sql:relationship name="Data" parent=… child=…/>
//   <xsd:element name="data" sql:relation="…"> …                  the child record
//
// Anything outside that shape is reported rather than guessed at.

import { readFile } from 'node:fs/promises';

import type { DiagnosticBag } from '../diagnostics.js';
import { fileLocation } from '../diagnostics.js';
import { readFieldNotes } from './field-notes.js';
import type {
  SchemaAttribute,
  SchemaCollection,
  SchemaFile,
  SchemaRecord,
  SchemaRelationship,
  XsdType,
} from './schema-types.js';
import {
  attributeValue,
  childElements,
  findAttribute,
  readXmlDocument,
  splitQualifiedName,
  type XmlElement,
} from './xml-document.js';

export const XSD_NAMESPACE = 'http://www.w3.org/2001/XMLSchema';
export const SQL_NAMESPACE = 'urn:schemas-microsoft-com:mapping-schema';

export type * from './schema-types.js';

const XSD_TYPES: ReadonlySet<string> = new Set<XsdType>(['string', 'int', 'decimal', 'dateTime']);

/** Reads and checks one schema file; problems go to `diagnostics`. */
export async function readSchemaFile(
  file: string,
  diagnostics: DiagnosticBag,
): Promise<SchemaFile | undefined> {
  const text = await readInputText(file, diagnostics);
  if (text === undefined) return undefined;

  const document = readXmlDocument(file, text, diagnostics);
  if (document === undefined) return undefined;

  return new SchemaReader(document.root, diagnostics).read();
}

/** Reads a text input file, reporting a missing or unreadable one as an error. */
export async function readInputText(
  file: string,
  diagnostics: DiagnosticBag,
): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? error})`;
    diagnostics.error(fileLocation(file), reason);
    return undefined;
  }
}

class SchemaReader {
  private readonly globals = new Map<string, XmlElement>();
  private readonly relationships = new Map<string, SchemaRelationship>();

  constructor(
    private readonly root: XmlElement,
    private readonly diagnostics: DiagnosticBag,
  ) {}

  read(): SchemaFile | undefined {
    if (!isXsd(this.root, 'schema')) {
      this.diagnostics.error(
        this.root.location,
        `root element <${this.root.name}> is not xsd:schema`,
      );
      return undefined;
    }

    this.collectGlobals();
    const container = this.findContainer();
    if (container === undefined) return undefined;

    const recordElement = this.findContainerRecord(container);
    if (recordElement === undefined) return undefined;

    const record = this.readRecord(recordElement, new Set());
    return {
      file: this.root.location.file,
      containerName: attributeValue(container, 'name') ?? '',
      record,
      location: container.location,
    };
  }

  private collectGlobals(): void {
    for (const child of childElements(this.root)) {
      if (isXsd(child, 'element')) this.collectGlobalElement(child);
      else if (isXsd(child, 'annotation')) this.collectRelationships(child);
      else this.unsupported(child);
    }
  }

  private collectGlobalElement(element: XmlElement): void {
    const name = this.requireAttribute(element, 'name');
    if (name === undefined) return;

    const earlier = this.globals.get(name);
    if (earlier !== undefined) {
      this.diagnostics.error(
        element.location,
        `element "${name}" is declared twice`,
        earlier.location,
      );
      return;
    }
    this.globals.set(name, element);
  }

  private collectRelationships(annotation: XmlElement): void {
    for (const appinfo of childElements(annotation)) {
      if (!isXsd(appinfo, 'appinfo')) continue;
      for (const element of childElements(appinfo)) {
        if (element.namespace === SQL_NAMESPACE && element.localName === 'relationship') {
          this.addRelationship(element);
        }
      }
    }
  }

  private addRelationship(element: XmlElement): void {
    const name = this.requireAttribute(element, 'name');
    if (name === undefined) return;

    const earlier = this.relationships.get(name);
    if (earlier !== undefined) {
      this.diagnostics.error(
        element.location,
        `relationship "${name}" is declared twice`,
        earlier.location,
      );
      return;
    }
    const words = (attribute: string) =>
      (attributeValue(element, attribute) ?? '').split(/\s+/).filter((word) => word !== '');
    this.relationships.set(name, {
      name,
      parent: attributeValue(element, 'parent') ?? '',
      parentKey: words('parent-key'),
      child: attributeValue(element, 'child') ?? '',
      childKey: words('child-key'),
      location: element.location,
    });
  }

  private findContainer(): XmlElement | undefined {
    const containers = [...this.globals.values()].filter(isConstant);
    const [first, second] = containers;
    if (first === undefined) {
      this.diagnostics.error(
        this.root.location,
        'no container element: expected a global xsd:element with sql:is-constant="true"',
      );
      return undefined;
    }
    if (second !== undefined) {
      this.diagnostics.error(
        second.location,
        'a second container element; a schema has one',
        first.location,
      );
      return undefined;
    }

    return first;
  }

  private findContainerRecord(container: XmlElement): XmlElement | undefined {
    const records = sequenceElements(container);
    const [record, extra] = records;
    if (record === undefined) {
      this.diagnostics.error(container.location, 'the container holds no record element');
      return undefined;
    }
    if (extra !== undefined) {
      this.diagnostics.error(extra.location, 'a second record element; a container holds one');
      return undefined;
    }

    return this.resolveReference(record);
  }

  private readRecord(element: XmlElement, seen: ReadonlySet<string>): SchemaRecord {
    const elementName = attributeValue(element, 'name') ?? '';
    const complexType = childElements(element).find((child) => isXsd(child, 'complexType'));
    const inside = new Set(seen).add(elementName);

    return {
      elementName,
      relation: attributeValue(element, 'relation', SQL_NAMESPACE),
      attributes: complexType === undefined ? [] : this.readAttributes(complexType),
      collections: complexType === undefined ? [] : this.readCollections(complexType, inside),
      location: element.location,
    };
  }

  private readAttributes(complexType: XmlElement): SchemaAttribute[] {
    const attributes: SchemaAttribute[] = [];
    let comments: string[] | undefined;
    let current: XmlElement | undefined;
    const flush = () => {
      if (current !== undefined) this.addAttribute(current, comments ?? [], attributes);
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
        this.unsupported(node);
      }
    }
    flush();

    return attributes;
  }

  private addAttribute(element: XmlElement, comments: string[], into: SchemaAttribute[]): void {
    const name = this.requireAttribute(element, 'name');
    const type = this.readType(element, name);
    if (name === undefined || type === undefined) return;

    const earlier = into.find((attribute) => attribute.name === name);
    if (earlier !== undefined) {
      this.diagnostics.error(element.location, `duplicate attribute "${name}"`, earlier.location);
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

  private readType(element: XmlElement, name: string | undefined): XsdType | undefined {
    const type = findAttribute(element, 'type');
    if (type === undefined) {
      this.diagnostics.error(element.location, `attribute "${name ?? '?'}" has no type`);
      return undefined;
    }

    const [prefix, localName] = splitQualifiedName(type.value);
    if (element.namespaces.get(prefix) !== XSD_NAMESPACE || !XSD_TYPES.has(localName)) {
      this.diagnostics.error(
        type.location,
        `unknown type "${type.value}" on attribute "${name ?? '?'}"; ` +
          'supported: xsd:string, xsd:int, xsd:decimal, xsd:dateTime',
      );
      return undefined;
    }

    return localName as XsdType;
  }

  private readCollections(complexType: XmlElement, seen: ReadonlySet<string>): SchemaCollection[] {
    const collections: SchemaCollection[] = [];
    for (const wrapper of complexTypeSequence(complexType)) {
      const collection = this.readCollection(wrapper, seen);
      if (collection !== undefined) collections.push(collection);
    }

    return collections;
  }

  private readCollection(
    wrapper: XmlElement,
    seen: ReadonlySet<string>,
  ): SchemaCollection | undefined {
    const wrapperName = this.requireAttribute(wrapper, 'name');
    if (wrapperName === undefined) return undefined;
    if (!isConstant(wrapper)) {
      this.diagnostics.error(
        wrapper.location,
        `child element "${wrapperName}" is not a constant wrapper (sql:is-constant="true")`,
      );
      return undefined;
    }

    const [member, extra] = sequenceElements(wrapper);
    if (member === undefined || extra !== undefined) {
      this.diagnostics.error(
        wrapper.location,
        `wrapper "${wrapperName}" must hold exactly one element`,
      );
      return undefined;
    }
    const recordElement = this.resolveReference(member);
    if (recordElement === undefined) return undefined;

    const recordName = attributeValue(recordElement, 'name') ?? '';
    if (seen.has(recordName)) {
      this.diagnostics.error(member.location, `record "${recordName}" contains itself`);
      return undefined;
    }

    return {
      wrapperName,
      isWrapperRequired: attributeValue(wrapper, 'minOccurs') !== '0',
      record: this.readRecord(recordElement, seen),
      relationship: this.resolveRelationship(member),
      location: wrapper.location,
    };
  }

  private resolveReference(element: XmlElement): XmlElement | undefined {
    const reference = findAttribute(element, 'ref');
    if (reference === undefined) {
      return this.requireAttribute(element, 'name') === undefined ? undefined : element;
    }

    const target = this.globals.get(splitQualifiedName(reference.value)[1]);
    if (target === undefined) {
      this.diagnostics.error(
        reference.location,
        `ref="${reference.value}" names no global element`,
      );
    }

    return target;
  }

  private resolveRelationship(member: XmlElement): SchemaRelationship | undefined {
    const name = findAttribute(member, 'relationship', SQL_NAMESPACE);
    if (name === undefined) return undefined;

    const relationship = this.relationships.get(name.value);
    if (relationship === undefined) {
      this.diagnostics.error(name.location, `sql:relationship="${name.value}" is not declared`);
    }

    return relationship;
  }

  private requireAttribute(element: XmlElement, name: string): string | undefined {
    const value = attributeValue(element, name);
    if (value === undefined || value === '') {
      this.diagnostics.error(element.location, `<${element.name}> has no ${name}="…"`);
      return undefined;
    }

    return value;
  }

  private unsupported(element: XmlElement): void {
    this.diagnostics.error(element.location, `unsupported schema construct <${element.name}>`);
  }
}

function isXsd(element: XmlElement, localName: string): boolean {
  return element.namespace === XSD_NAMESPACE && element.localName === localName;
}

function isConstant(element: XmlElement): boolean {
  const value = attributeValue(element, 'is-constant', SQL_NAMESPACE);

  return value === 'true' || value === '1';
}

// The elements of `element/complexType/sequence`, the only content model Directo uses.
function sequenceElements(element: XmlElement): XmlElement[] {
  const complexType = childElements(element).find((child) => isXsd(child, 'complexType'));

  return complexType === undefined ? [] : complexTypeSequence(complexType);
}

function complexTypeSequence(complexType: XmlElement): XmlElement[] {
  const sequence = childElements(complexType).find((child) => isXsd(child, 'sequence'));
  if (sequence === undefined) return [];

  return childElements(sequence).filter((child) => isXsd(child, 'element'));
}
