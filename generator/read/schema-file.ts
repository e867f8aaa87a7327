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

import type { DiagnosticBag } from '../diagnostics.js';
import { readInputText } from './input-text.js';
import { readAttributes } from './schema-attributes.js';
import type {
  SchemaAttribute,
  SchemaCollection,
  SchemaFile,
  SchemaRecord,
  SchemaRelationship,
} from './schema-types.js';
import {
  attributeValue,
  childElements,
  findAttribute,
  readXmlDocument,
  splitQualifiedName,
  type XmlElement,
} from './xml-document.js';
import {
  checkPropertyName,
  complexTypeSequence,
  isConstant,
  isXsd,
  reportUnsupported,
  requireAttribute,
  SQL_NAMESPACE,
  sequenceElements,
} from './xsd-elements.js';

export type * from './schema-types.js';

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
      else reportUnsupported(this.diagnostics, child);
    }
  }

  private collectGlobalElement(element: XmlElement): void {
    const name = requireAttribute(this.diagnostics, element, 'name');
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
    const name = requireAttribute(this.diagnostics, element, 'name');
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
    const attributes =
      complexType === undefined ? [] : readAttributes(complexType, this.diagnostics);
    const collections = complexType === undefined ? [] : this.readCollections(complexType, inside);
    this.reportNameClashes(attributes, collections);

    return {
      elementName,
      relation: attributeValue(element, 'relation', SQL_NAMESPACE),
      attributes,
      collections,
      location: element.location,
    };
  }

  // A record's attributes and child wrappers become properties of one type, so their
  // names must differ from each other too.
  private reportNameClashes(
    attributes: readonly SchemaAttribute[],
    collections: readonly SchemaCollection[],
  ): void {
    const taken = new Map(attributes.map((attribute) => [attribute.name, attribute.location]));
    for (const collection of collections) {
      const earlier = taken.get(collection.wrapperName);
      if (earlier !== undefined) {
        this.diagnostics.error(
          collection.location,
          `child collection "${collection.wrapperName}" has the name of a field or another ` +
            'collection of the same record',
          earlier,
        );
      }
      taken.set(collection.wrapperName, collection.location);
    }
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
    const written = requireAttribute(this.diagnostics, wrapper, 'name');
    const wrapperName =
      written === undefined ? undefined : checkPropertyName(this.diagnostics, wrapper, written);
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
      return requireAttribute(this.diagnostics, element, 'name') === undefined
        ? undefined
        : element;
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
}
