// A reference reader built on saxes, a conformant streaming XML parser: it turns a get
// response into the same plain records the runtime's readers give, by the same rules. The
// fast reader is tested against it, and the benchmarks compare with it.

import { SaxesParser, type SaxesTagPlain } from 'saxes';

import type { ChildSchema, DocumentSchema, RecordSchema } from '../../templates/runtime/schema.js';
import { hasTypeSyntax, parseXsdInt } from '../../templates/runtime/xsd-values.js';

type XmlObject = Record<string, unknown>;

const UNPAIRED_SURROGATE = /\p{Surrogate}/u;
const MALFORMED_INSTRUCTION = /<\?[^\s?]+\?(?!>)/;

type Frame =
  | { readonly kind: 'transport' }
  | { readonly kind: 'container' }
  | { readonly kind: 'record'; readonly schema: RecordSchema; readonly record: XmlObject }
  | { readonly kind: 'wrapper'; readonly child: ChildSchema; readonly items: XmlObject[] };

/** The records of a get response; throws on anything the runtime would refuse. */
export function saxesReadDocument(xml: string, schema: DocumentSchema): XmlObject[] {
  const records: XmlObject[] = [];
  const stack: Frame[] = [];
  let transportHolds: 'container' | 'record' | undefined;
  const parser = new SaxesParser();
  let failure: Error | undefined;
  const fail = (message: string) => {
    failure ??= new Error(message);
  };

  parser.on('error', (error) => fail(error.message));
  parser.on('doctype', () => fail('a DOCTYPE'));
  // The runtime reads XML 1.0 only, as Directo writes it; saxes would read `1.00` by 1.1 rules.
  parser.on('xmldecl', (declaration) => {
    if (declaration.version !== '1.0') fail(`XML version ${declaration.version}`);
  });
  parser.on('cdata', () => fail('CDATA'));
  parser.on('text', (text) => {
    if (stack.length > 0 && /[^ \t\r\n]/.test(text)) fail(`text: ${text}`);
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const top = stack.at(-1);
    if (top === undefined) {
      const kind =
        tag.name === 'transport'
          ? 'transport'
          : tag.name === schema.container
            ? 'container'
            : 'record';
      if (kind === 'record' && tag.name !== schema.record.element)
        return fail(`root <${tag.name}>`);
      if (kind === 'record') return stack.push(recordFrame(tag, schema.record, records, fail));
      return stack.push({ kind });
    }
    if (top.kind === 'transport') {
      const holds = tag.name === schema.container ? 'container' : 'record';
      if (holds === 'record' && tag.name !== schema.record.element) return fail(`<${tag.name}>`);
      if (transportHolds !== undefined && transportHolds !== holds) return fail('mixed transport');
      transportHolds = holds;
      if (holds === 'container') return stack.push({ kind: 'container' });
      return stack.push(recordFrame(tag, schema.record, records, fail));
    }
    if (top.kind === 'container') {
      if (tag.name !== schema.record.element) return fail(`<${tag.name}> in the container`);
      return stack.push(recordFrame(tag, schema.record, records, fail));
    }
    if (top.kind === 'record') {
      const child = top.schema.children.find((c) => c.wrapper === tag.name);
      if (child === undefined) return fail(`<${tag.name}> in a record`);
      return stack.push({
        kind: 'wrapper',
        child,
        items: top.record[child.wrapper] as XmlObject[],
      });
    }
    if (tag.name !== top.child.record.element) return fail(`<${tag.name}> in a wrapper`);
    return stack.push(recordFrame(tag, top.child.record, top.items, fail));
  });
  parser.on('closetag', () => {
    stack.pop();
  });

  // Two things saxes lets through are refused here: it reads a high surrogate and whatever
  // follows as one character (an unpaired surrogate, which no UTF-8 byte stream can carry),
  // and it takes `<?xm?l …?>` for an instruction named `xm`, where XML requires a space or
  // `?>` after the name.
  if (UNPAIRED_SURROGATE.test(xml)) fail('an unpaired surrogate');
  else if (MALFORMED_INSTRUCTION.test(xml.replace(/<!--[^]*?-->/g, ''))) fail('a malformed PI');
  else parser.write(xml).close();
  if (failure !== undefined) throw failure;

  return records;
}

function recordFrame(
  tag: SaxesTagPlain,
  schema: RecordSchema,
  into: XmlObject[],
  fail: (message: string) => void,
): Frame {
  const record: XmlObject = {};
  for (const field of schema.fields) {
    const value = tag.attributes[field.name];
    if (value === undefined) continue;
    if (field.type !== 'int') {
      if (field.type !== 'string' && !hasTypeSyntax(field.type, value)) {
        fail(`${field.name}="${value}" is not an xsd:${field.type}`);
      }
      record[field.name] = value;
      continue;
    }
    const number = parseXsdInt(value);
    if (number === undefined || (field.values && !field.values.includes(number))) {
      fail(`${field.name}="${value}"`);
    }
    record[field.name] = number;
  }
  for (const name of Object.keys(tag.attributes)) {
    if (!schema.fields.some((field) => field.name === name)) fail(`unknown attribute ${name}`);
  }
  for (const child of schema.children) record[child.wrapper] = [];
  into.push(record);

  return { kind: 'record', schema, record };
}
