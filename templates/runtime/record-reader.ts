// Turns the plain objects fast-xml-parser makes of a response into records, checking each
// element, attribute and value against the schema and converting values only by their
// schema type. Also reads the error answers Directo gives instead of data.

import { DirectoParseError, excerptOf } from './errors.js';
import type { DocumentSchema, FieldSchema, RecordSchema } from './schema.js';
import { ATTRIBUTES, attributesOf, elements, rejectText, type XmlObject } from './xml-tree.js';
import { hasTypeSyntax, parseXsdInt } from './xsd-values.js';

/** Turns parsed elements into records, checking each against the schema. */
export class RecordReader {
  private readonly unknownAttributes: 'error' | 'ignore';
  private recordCount: number;
  /** The text being read, for excerpts in errors. */
  private readonly source: string;

  constructor(unknownAttributes: 'error' | 'ignore', recordCount = 0, source = '') {
    this.unknownAttributes = unknownAttributes;
    this.recordCount = recordCount;
    this.source = source;
  }

  readEnvelope(name: string, root: XmlObject, schema: DocumentSchema): XmlObject[] {
    if (name === schema.record.element) return [this.readTopRecord(root, schema.record)];
    if (name === schema.container) return this.readContainer(root, schema);
    if (name === 'transport') return this.readTransport(root, schema);
    if (/^(results?|err|error)$/i.test(name)) throw directoError(name, root);

    throw new DirectoParseError(
      'unexpected-root',
      `expected <transport>, <${schema.container}> or <${schema.record.element}>, got <${name}>`,
      { excerpt: excerptOf(this.source, Math.max(0, this.source.indexOf(`<${name}`))) },
    );
  }

  private readTransport(transport: XmlObject, schema: DocumentSchema): XmlObject[] {
    const allowed = [schema.container, schema.record.element];
    this.checkContent(transport, '<transport>', allowed);
    const containers = elements(transport, schema.container);
    const records = elements(transport, schema.record.element);
    if (containers.length > 0 && records.length > 0) {
      throw new DirectoParseError(
        'unexpected-element',
        `<transport> holds both <${schema.container}> and bare <${schema.record.element}> elements`,
      );
    }

    return [
      ...records.map((record) => this.readTopRecord(record, schema.record)),
      ...containers.flatMap((container) => this.readContainer(container, schema)),
    ];
  }

  private readContainer(container: XmlObject, schema: DocumentSchema): XmlObject[] {
    this.checkContent(container, `<${schema.container}>`, [schema.record.element]);

    return elements(container, schema.record.element).map((record) =>
      this.readTopRecord(record, schema.record),
    );
  }

  // Records are numbered among the response's records; a child record by its place in its
  // wrapper, within the record that holds it.
  private readTopRecord(element: XmlObject, schema: RecordSchema): XmlObject {
    this.recordCount += 1;

    return this.readRecord(element, schema, `<${schema.element}> number ${this.recordCount}`);
  }

  private readRecord(element: XmlObject, schema: RecordSchema, where: string): XmlObject {
    this.checkContent(
      element,
      where,
      schema.children.map((child) => child.wrapper),
    );

    const attributes = attributesOf(element);
    const record: XmlObject = {};
    for (const field of schema.fields) {
      const raw = attributes[field.name];
      if (typeof raw === 'string') record[field.name] = convert(field, raw, where);
    }
    for (const child of schema.children) {
      const wrappers = elements(element, child.wrapper);
      const items = wrappers.flatMap((wrapper) => {
        this.checkContent(wrapper, `<${child.wrapper}> in ${where}`, [child.record.element]);
        return elements(wrapper, child.record.element);
      });
      // Numbered across the wrappers, should a record hold more than one.
      record[child.wrapper] = items.map((item, index) =>
        this.readRecord(
          item,
          child.record,
          `<${child.record.element}> number ${index + 1} in ${where}`,
        ),
      );
    }
    if (this.unknownAttributes === 'error') checkAttributes(attributes, schema, where);

    return record;
  }

  private checkContent(
    element: XmlObject,
    where: string,
    allowedElements: readonly string[],
  ): void {
    rejectText(element, where);
    for (const name of Object.keys(element)) {
      if (name === '#text' || name === ATTRIBUTES || allowedElements.includes(name)) continue;
      throw new DirectoParseError('unexpected-element', `unexpected element <${name}> in ${where}`);
    }
  }
}

function convert(field: FieldSchema, raw: string, where: string): string | number {
  if (field.type !== 'int') {
    if (hasTypeSyntax(field.type, raw)) return raw;
    throw new DirectoParseError(
      'invalid-value',
      `${field.name} of ${where} is not an xsd:${field.type}`,
      {
        excerpt: excerptOf(raw),
      },
    );
  }

  const value = parseXsdInt(raw);
  if (value === undefined) {
    throw new DirectoParseError('invalid-value', `${field.name} of ${where} is not an xsd:int`, {
      excerpt: excerptOf(raw),
    });
  }
  if (field.values !== undefined && !field.values.includes(value)) {
    throw new DirectoParseError(
      'invalid-value',
      `${field.name} of ${where} is ${value}, not one of the documented values ` +
        field.values.join(', '),
    );
  }

  return value;
}

function checkAttributes(
  attributes: Readonly<Record<string, unknown>>,
  schema: RecordSchema,
  where: string,
): void {
  for (const name of Object.keys(attributes)) {
    if (schema.fields.some((field) => field.name === name)) continue;
    throw new DirectoParseError(
      'unknown-attribute',
      `${where} has the attribute "${name}", which the schema lacks; regenerate from the ` +
        'current schema, or parse with { unknownAttributes: "ignore" }',
      { excerpt: excerptOf(`${name}="${String(attributes[name])}"`) },
    );
  }
}

// `<result type="5" desc="Unauthorized"/>`, `<results><Result Type="5" …/></results>` or
// `<err>token required</err>`; names and attributes come in either case.
/** The error Directo answered with instead of data. */
export function directoError(name: string, root: XmlObject): DirectoParseError {
  const inner = Object.entries(root).find(([key]) => /^result$/i.test(key))?.[1];
  const result =
    Array.isArray(inner) && typeof inner[0] === 'object' ? (inner[0] as XmlObject) : root;
  const attributes = attributesOf(result);
  const attribute = (key: string) => {
    const found = Object.entries(attributes).find(([k]) => k.toLowerCase() === key);
    return typeof found?.[1] === 'string' ? found[1] : undefined;
  };
  const texts = root['#text'];
  const text = Array.isArray(texts) ? texts.join('') : typeof texts === 'string' ? texts : '';
  const resultType = attribute('type');
  const resultDescription = attribute('desc') ?? (text.trim() || undefined);
  const typePart = resultType === undefined ? '' : ` type ${resultType}`;
  const descriptionPart = resultDescription === undefined ? '' : `: ${resultDescription}`;

  return new DirectoParseError(
    'directo-error',
    `Directo answered with <${name}>${typePart}${descriptionPart}`,
    {
      resultType,
      resultDescription,
    },
  );
}
