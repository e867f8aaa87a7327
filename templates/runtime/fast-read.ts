// A reader for the XML that Directo actually sends, many times faster than a general parser
// because it knows the schema in advance: a get response is a flat list of records whose
// values are all attributes. It walks the text once with indexOf and builds each record
// directly in schema order.
//
// It reads a strict subset of XML: an optional XML declaration, comments and whitespace
// between elements, only the envelope, record and wrapper elements the schema names, and
// attributes the schema knows. Anything else (a DOCTYPE, CDATA, a processing instruction,
// text, an unknown element or attribute, a value that is not of its type, malformed markup)
// makes it give up and return undefined, and the caller reads the same text with the
// conformant parser, which either reads it or raises the precise error. So the fast path
// never decides what a document means on its own where it could be wrong; tests check it
// against saxes, a conformant parser, on generated and fuzzed documents.

import type { DocumentSchema, FieldSchema, RecordSchema } from './schema.js';
import { ValueText } from './fast-values.js';
import { buildRecord, type RecordBuilder, type RecordBuilders } from './record-builders.js';
import { FastCursor, isNameChar, OUTSIDE } from './fast-cursor.js';
import { hasTypeSyntax, parseXsdInt } from './xsd-values.js';

type XmlObject = Record<string, unknown>;

interface CompiledRecord {
  readonly schema: RecordSchema;
  readonly build: RecordBuilder | undefined;
  readonly fieldIndex: ReadonlyMap<string, number>;
  /** ` name="` for each field, in schema order. */
  readonly openings: readonly string[];
  readonly children: ReadonlyMap<string, CompiledRecord>;
}

const compiled = new WeakMap<RecordSchema, CompiledRecord>();

function compile(schema: RecordSchema, builders: RecordBuilders | undefined): CompiledRecord {
  let result = compiled.get(schema);
  const build = builders?.get(schema);
  if (result === undefined || result.build !== build) {
    result = {
      schema,
      build,
      fieldIndex: new Map(schema.fields.map((field, index) => [field.name, index])),
      openings: schema.fields.map((field) => ` ${field.name}="`),
      children: new Map(
        schema.children.map((child) => [child.wrapper, compile(child.record, builders)]),
      ),
    };
    compiled.set(schema, result);
  }
  return result;
}

/** The records of a whole get response, or undefined when the text needs the full parser. */
export function fastReadDocument(
  xml: string,
  schema: DocumentSchema,
  ignoreUnknown: boolean,
  builders?: RecordBuilders,
): XmlObject[] | undefined {
  try {
    return new Scanner(xml, ignoreUnknown).document(compile(schema.record, builders), schema);
  } catch (error) {
    return outside(error);
  }
}

/** One record cut from a streamed response, or undefined when it needs the full parser. */
export function fastReadRecord(
  fragment: string,
  schema: DocumentSchema,
  ignoreUnknown: boolean,
  builders?: RecordBuilders,
): XmlObject | undefined {
  // Run once per record of a stream, so written without a closure: tools that keep function
  // names (tsx, esbuild's keepNames) name every closure as it is made, at a cost per call.
  try {
    return new Scanner(fragment, ignoreUnknown).lone(compile(schema.record, builders));
  } catch (error) {
    return outside(error);
  }
}

// Undefined for the text leaving the fast subset; any other error is a fault, and raised.
function outside(error: unknown): undefined {
  if (error === OUTSIDE) return undefined;
  throw error;
}

class Scanner extends FastCursor {
  private readonly values: (string | number | undefined)[] = new Array<undefined>(256);
  // Child records read but not yet in their record's array; see keepChildren.
  private readonly pending: XmlObject[] = [];
  // The field expected next: Directo writes attributes in schema order.
  private expected = 0;
  // The unknown attributes skipped in the current record, to refuse one given twice.
  private ignored: string[] = [];

  private readonly ignoreUnknown: boolean;
  private readonly text: ValueText;

  constructor(s: string, ignoreUnknown: boolean) {
    super(s);
    this.ignoreUnknown = ignoreUnknown;
    this.text = new ValueText(s);
  }

  document(record: CompiledRecord, schema: DocumentSchema): XmlObject[] {
    this.prolog();
    const root = this.startName();
    const records: XmlObject[] = [];
    if (root === 'transport') this.transport(record, schema.container, records);
    else if (root === schema.container) this.container(record, schema.container, records);
    else if (root === record.schema.element) records.push(this.record(record));
    else throw OUTSIDE;
    this.end();

    return records;
  }

  lone(compiledRecord: CompiledRecord): XmlObject {
    if (this.startName() !== compiledRecord.schema.element) throw OUTSIDE;
    const record = this.record(compiledRecord);
    this.end();
    return record;
  }

  private transport(record: CompiledRecord, container: string, records: XmlObject[]): void {
    if (this.bareTagEnd()) return;
    let kind: 'container' | 'record' | undefined;
    while (!this.closes('transport')) {
      const name = this.startName();
      const found = name === container ? 'container' : 'record';
      if (found === 'record' && name !== record.schema.element) throw OUTSIDE;
      if (kind !== undefined && kind !== found) throw OUTSIDE;
      kind = found;
      if (found === 'container') this.container(record, container, records);
      else records.push(this.record(record));
    }
  }

  private container(record: CompiledRecord, container: string, records: XmlObject[]): void {
    if (this.bareTagEnd()) return;
    while (!this.closes(container)) {
      if (!this.opens(record.schema.element)) throw OUTSIDE;
      records.push(this.record(record));
    }
  }

  // After `<element`: attributes, then children, in the layout the conformant reader gives.
  private record(compiledRecord: CompiledRecord): XmlObject {
    const { schema } = compiledRecord;
    const values = this.values;
    values.fill(undefined, 0, schema.fields.length);
    this.expected = 0;
    if (this.ignored.length > 0) this.ignored = [];
    const isEmpty = this.attributes(compiledRecord, values);

    const record = compiledRecord.build?.(values) ?? buildRecord(schema, values);
    if (!isEmpty) this.children(compiledRecord, record);

    return record;
  }

  private children(compiledRecord: CompiledRecord, record: XmlObject): void {
    while (!this.closes(compiledRecord.schema.element)) {
      const wrapper = this.startName();
      const child = compiledRecord.children.get(wrapper);
      if (child === undefined) throw OUTSIDE;
      if (this.bareTagEnd()) continue;
      const start = this.pending.length;
      while (!this.closes(wrapper)) {
        if (!this.opens(child.schema.element)) throw OUTSIDE;
        this.pending.push(this.record(child));
      }
      this.keepChildren(record, wrapper, start);
    }
  }

  // Moves the child records read since `start` into the record's array. They are gathered
  // on a shared stack and copied once: an array grown by push keeps room for 17 items, and
  // that room, in every record of a large answer, is memory the collector copies for nothing.
  private keepChildren(record: XmlObject, wrapper: string, start: number): void {
    const pending = this.pending;
    if (pending.length === start) return;
    const items = record[wrapper] as XmlObject[];
    const read = pending.slice(start);
    record[wrapper] = items.length === 0 ? read : items.concat(read);
    pending.length = start;
  }

  // Reads attributes into `values` by field index; true when the tag was empty (`/>`).
  private attributes(compiledRecord: CompiledRecord, values: unknown[]): boolean {
    const { s } = this;
    const { openings } = compiledRecord;
    for (;;) {
      const field = this.nextOpening(openings);
      if (field !== -1) {
        this.i += (openings[field] as string).length;
        this.expected = field + 1;
        this.value(compiledRecord, values, field, '"');
        continue;
      }
      const before = this.i;
      this.space();
      const c = s.charCodeAt(this.i);
      if (c === 0x3e) {
        this.i += 1;
        return false;
      }
      if (c === 0x2f) {
        if (s.charCodeAt(this.i + 1) !== 0x3e) throw OUTSIDE;
        this.i += 2;
        return true;
      }
      if (this.i === before) throw OUTSIDE;
      this.attribute(compiledRecord, values);
    }
  }

  // The spelling Directo writes, ` name="`, of a field after the last one read: the next
  // field is tried first, then the ones after it, which a record without a value for some
  // fields skips. The field's index, or -1 where the text is read step by step instead.
  private nextOpening(openings: readonly string[]): number {
    const { s, i } = this;
    if (s.charCodeAt(i) !== 0x20) return -1;
    for (let f = this.expected; f < openings.length; f += 1) {
      if (s.startsWith(openings[f] as string, i)) return f;
    }
    return -1;
  }

  private attribute(compiledRecord: CompiledRecord, values: unknown[]): void {
    const { s } = this;
    const index = this.attributeName(compiledRecord);
    this.space();
    if (s.charCodeAt(this.i) !== 0x3d) throw OUTSIDE;
    this.i += 1;
    this.space();
    const quote = s.charCodeAt(this.i);
    if (quote !== 0x22 && quote !== 0x27) throw OUTSIDE;
    this.i += 1;
    this.value(compiledRecord, values, index, quote === 0x22 ? '"' : "'");
  }

  // From the start of a value to past its closing quote, storing it at `index`.
  private value(compiledRecord: CompiledRecord, values: unknown[], index: number, quote: string) {
    const { s } = this;
    const start = this.i;
    const close = s.indexOf(quote, start);
    if (close === -1) throw OUTSIDE;
    this.i = close + 1;

    const field = compiledRecord.schema.fields[index];
    if (field?.type === 'int') {
      // Read in place: digits need no decoding, and anything else goes to the full parser.
      if (values[index] !== undefined) throw OUTSIDE;
      values[index] = intValue(field, s, start, close);
      return;
    }
    const value = this.text.read(start, close);
    if (value === undefined) throw OUTSIDE;
    if (index === -1) return;
    if (values[index] !== undefined) throw OUTSIDE;
    if (field !== undefined && field.type !== 'string' && !hasTypeSyntax(field.type, value)) {
      throw OUTSIDE;
    }
    values[index] = value;
  }

  // The field index of the attribute name at the position, or -1 for an unknown attribute
  // being ignored. The field after the previous one is tried first, without allocating.
  private attributeName(compiledRecord: CompiledRecord): number {
    const { s } = this;
    const { fields } = compiledRecord.schema;
    const start = this.i;
    for (let f = this.expected; f < fields.length; f += 1) {
      const name = (fields[f] as FieldSchema).name;
      if (s.startsWith(name, start) && !isNameChar(s.charCodeAt(start + name.length))) {
        this.i = start + name.length;
        this.expected = f + 1;
        return f;
      }
      if (f > this.expected + 1) break;
    }
    let c = s.charCodeAt(this.i);
    while (isNameChar(c)) c = s.charCodeAt(++this.i);
    const name = s.slice(start, this.i);
    const index = compiledRecord.fieldIndex.get(name);
    if (index !== undefined) return index;
    if (this.ignoreUnknown && name !== '' && isPlainName(name)) {
      if (this.ignored.includes(name)) throw OUTSIDE;
      this.ignored.push(name);
      return -1;
    }

    throw OUTSIDE;
  }
}

function intValue(field: FieldSchema, s: string, start: number, end: number): number {
  const number = parseXsdInt(s, start, end);
  if (number === undefined) throw OUTSIDE;
  if (field.values !== undefined && !field.values.includes(number)) throw OUTSIDE;

  return number;
}

// A name the fast path may skip: not starting with a digit, `-` or `.` (not a name at all),
// and without `:` (a namespace prefix, whose declaration the fast path does not track).
function isPlainName(name: string): boolean {
  const c = name.charCodeAt(0);
  return !(c >= 0x30 && c <= 0x39) && c !== 0x2d && c !== 0x2e && !name.includes(':');
}
