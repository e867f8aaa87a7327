// The measured tasks, each in two steps: prepare (load input, not timed) and run (timed).
// Competing tasks read the same input and produce the same result, so that only the way
// of doing the work differs.

import { readFileSync } from 'node:fs';

import { XMLBuilder, XMLParser } from 'fast-xml-parser';

import { contact, DirectoClient, type FetchFunction } from '../generated/index.js';
import { sampleContacts } from '../test/support/contact-data.js';
import { saxesReadDocument } from '../test/support/saxes-reader.js';

/** What a task reads: a document file, a record count, or a server to ask. */
export interface TaskInput {
  readonly document?: string;
  readonly warmUpDocument?: string;
  readonly contacts?: number;
  readonly url?: string;
  readonly token?: string;
}

/** What a run produced, for throughput. */
export interface Outcome {
  readonly bytes: number;
  readonly records: number;
}

interface Prepared {
  warmUp?(): Promise<void> | void;
  run(): Promise<Outcome> | Outcome;
}

interface Task {
  prepare(input: TaskInput): Promise<Prepared> | Prepared;
}

/** Runs of a small input before measuring, so that the code measured is optimised. */
const WARM_UP_RUNS = 5;

function repeat(times: number, run: () => unknown): void {
  for (let i = 0; i < times; i += 1) run();
}

function read(file: string | undefined): string {
  if (file === undefined) throw new Error('the task needs a document');
  return readFileSync(file, 'utf8');
}

// A parse task: the same document text in, records out.
function parseTask(parse: (xml: string) => number): Task {
  return {
    prepare(input) {
      const xml = read(input.document);
      const small = read(input.warmUpDocument);
      const bytes = Buffer.byteLength(xml);
      return {
        warmUp: () => repeat(WARM_UP_RUNS, () => parse(small)),
        run: () => ({ bytes, records: parse(xml) }),
      };
    },
  };
}

// The options fast-xml-parser needs to lose nothing: no coercion, no trimming, attributes
// kept, entities decoded, and every element a list.
const LOSSLESS = {
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: '@attributes',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
};

function countFxpRecords(document: Record<string, unknown>): number {
  const transport = (document.transport as Record<string, unknown>[] | undefined)?.[0];
  const contacts = (transport?.contacts as Record<string, unknown>[] | undefined)?.[0];
  return (contacts?.contact as unknown[] | undefined)?.length ?? 0;
}

function inputRecords(count: number): contact.ContactInput[] {
  return sampleContacts(count).map(({ ts: _ts, ...rest }) => rest);
}

// The record in the shape XMLBuilder writes: attributes prefixed, children nested.
function builderShape(record: contact.ContactInput): Record<string, unknown> {
  const shaped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) {
    if (name !== 'datafields') shaped[`@_${name}`] = value;
  }
  const data = (record.datafields ?? []).map((item) =>
    Object.fromEntries(Object.entries(item).map(([name, value]) => [`@_${name}`, value])),
  );
  shaped.datafields = data.length === 0 ? '' : { data };
  return shaped;
}

// Counts the bytes of a streamed answer as the client reads it.
function countingFetch(counter: { bytes: number }): FetchFunction {
  return async (url, init) => {
    const response = await fetch(url, init);
    const counted = response.body?.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          counter.bytes += chunk.byteLength;
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(counted, { status: response.status, headers: response.headers });
  };
}

/** Every task, by the name the runner uses. */
export const TASKS: Readonly<Record<string, Task>> = {
  'parse:parseContacts': parseTask((xml) => contact.parseContacts(xml).length),
  'parse:fast-xml-parser': parseTask((xml) =>
    countFxpRecords(new XMLParser(LOSSLESS).parse(xml) as Record<string, unknown>),
  ),
  'parse:saxes': parseTask((xml) => saxesReadDocument(xml, contact.contactOutputSchema).length),
  'parse:byte-scan': {
    prepare(input) {
      const bytes = readFileSync(input.document ?? '');
      const needle = Buffer.from('<contact ');
      return {
        run() {
          let records = 0;
          for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) {
            records += 1;
          }
          return { bytes: bytes.length, records };
        },
      };
    },
  },
  'get:iterate': {
    prepare(input) {
      const counter = { bytes: 0 };
      const directo = new DirectoClient({
        token: input.token ?? '',
        url: input.url ?? '',
        fetch: countingFetch(counter),
      });
      return {
        async run() {
          let records = 0;
          for await (const record of directo.contact.iterate())
            records += record === undefined ? 0 : 1;
          return { bytes: counter.bytes, records };
        },
      };
    },
  },
  'get:fetch-text': {
    prepare(input) {
      const url = `${input.url ?? ''}?get=1&what=contact`;
      const body = new URLSearchParams({ token: input.token ?? '' }).toString();
      const headers = { 'content-type': 'application/x-www-form-urlencoded' };
      return {
        async run() {
          const response = await fetch(url, { method: 'POST', headers, body });
          const text = await response.text();
          return { bytes: Buffer.byteLength(text), records: 0 };
        },
      };
    },
  },
  'put:serializeContacts': {
    prepare(input) {
      const records = inputRecords(input.contacts ?? 0);
      const small = records.slice(0, 2000);
      return {
        warmUp: () => repeat(WARM_UP_RUNS, () => contact.serializeContacts(small)),
        run() {
          const xml = contact.serializeContacts(records);
          return { bytes: Buffer.byteLength(xml), records: records.length };
        },
      };
    },
  },
  'put:XMLBuilder': {
    prepare(input) {
      const records = inputRecords(input.contacts ?? 0).map(builderShape);
      const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });
      const build = (list: unknown[]) => builder.build({ contacts: { contact: list } }) as string;
      return {
        warmUp: () => repeat(WARM_UP_RUNS, () => build(records.slice(0, 2000))),
        run() {
          const xml = build(records);
          return { bytes: Buffer.byteLength(xml), records: records.length };
        },
      };
    },
  },
};
