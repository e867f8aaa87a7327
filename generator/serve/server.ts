// A local stand-in for Directo's XML Direct endpoint, for testing integrations without the
// real service. It speaks the same wire format: POST, form-encoded, the token in the body,
// the routing parameters in the query string. Records live in memory per component; every
// put document is checked against the component's input XSD by libxml2.

import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { parseDocument } from '../../templates/runtime/parse.js';
import type { DocumentSchema } from '../../templates/runtime/schema.js';
import { validateRecords } from '../../templates/runtime/validate.js';
import type { ComponentModel } from '../model/component-model.js';
import { loadModels } from '../model/load-models.js';
import { toDocumentSchema } from '../model/to-document-schema.js';
import * as answers from './answers.js';
import { ChunkWriter } from './chunk-writer.js';
import { ComponentStore, type PutOutcome, type StoredRecord } from './store.js';
import { XsdCheck } from './xsd-validator.js';

/** How the server behaves. Only `schemasDir` and `tokens` are required. */
export interface DirectoServerOptions {
  readonly schemasDir: string;
  /** The tokens accepted; any other is answered as Directo answers a wrong one. */
  readonly tokens: readonly string[];
  /** Accept routing parameters in the body too, as the wiki's own example sends them. */
  readonly allowBodyRouting?: boolean;
  /** The clock that stamps `ts` on stored records. */
  readonly now?: () => Date;
  /** Receives one line per request; never a token or a document. */
  readonly log?: (line: string) => void;
}

/** Directo's limit on a whole request. */
const MAX_REQUEST_BYTES = 19 * 1024 * 1024;
const ROUTING = new Set(['get', 'put', 'what', 'xd_update']);
/** Directo's endpoint: `/xmlcore/cap_xml_direct/xmlcore.asp`, or a company's own folder. */
const ENDPOINT_PATH = /^\/xmlcore\/[^/]+\/xmlcore\.asp$/i;

interface Component {
  readonly store: ComponentStore;
  readonly output: DocumentSchema | undefined;
  readonly input: DocumentSchema | undefined;
  readonly xsd: XsdCheck | undefined;
}

/** The server: create it, load records, listen, and close it when done. */
export class DirectoServer {
  private readonly http: http.Server;
  private url = '';

  private constructor(
    private readonly components: ReadonlyMap<string, Component>,
    private readonly options: DirectoServerOptions,
  ) {
    this.http = http.createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.log(`internal error: ${(error as Error).message}`);
        if (!response.headersSent) response.writeHead(500).end();
        else response.destroy();
      });
    });
  }

  /** Loads every component under `options.schemasDir`. */
  static async create(options: DirectoServerOptions): Promise<DirectoServer> {
    const { models, baseDir } = await loadModels(options.schemasDir);
    const now = options.now ?? (() => new Date());
    const components = new Map<string, Component>();
    for (const model of models) {
      components.set(model.what, await openComponent(model, baseDir, now));
    }

    return new DirectoServer(components, options);
  }

  /** The store of `what`, to load or inspect records. */
  store(what: string): ComponentStore {
    const component = this.components.get(what);
    if (component === undefined) throw new Error(`no component with what=${what}`);
    return component.store;
  }

  /** Adds records in the shape get returns them; throws listing every invalid value. */
  load(what: string, records: readonly object[]): void {
    const component = this.components.get(what);
    if (component === undefined) {
      const known = [...this.components.keys()].join(', ');
      throw new Error(`no component with what=${what} (known: ${known})`);
    }
    if (component.output === undefined) throw new Error(`what=${what} has no get schema`);
    const issues = validateRecords(component.output.record, records, what);
    if (issues.length > 0) {
      const list = issues.slice(0, 20).map((issue) => `\n  ${issue.path}: ${issue.message}`);
      const count = `${issues.length} issue${issues.length === 1 ? '' : 's'}`;
      throw new Error(`records for what=${what} refused, ${count}:${list.join('')}`);
    }
    component.store.load(records as readonly StoredRecord[]);
  }

  /** Starts listening; resolves to the endpoint URL. Port 0 picks a free one. */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.http.listen(port, host);
    await once(this.http, 'listening'); // rejects with the listen error, such as EADDRINUSE
    const address = this.http.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.url = `http://${shownHost}:${address.port}/xmlcore/cap_xml_direct/xmlcore.asp`;

    return this.url;
  }

  /** Stops listening and frees the schema validators. */
  async close(): Promise<void> {
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
    for (const component of this.components.values()) component.xsd?.dispose();
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse) {
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST' }).end('XML Direct takes POST requests\n');
      return;
    }
    const body = await readBody(request);
    if (body === undefined) {
      response.writeHead(413, { connection: 'close' }).end('request larger than 19 MB\n');
      return;
    }
    const form = new URLSearchParams(body);
    const url = new URL(request.url ?? '/', 'http://local');
    if (!ENDPOINT_PATH.test(url.pathname)) {
      response.writeHead(404).end('XML Direct answers at /xmlcore/<name>/xmlcore.asp\n');
      return;
    }
    const query = url.searchParams;
    const answer = this.route(form, query, response);
    if (answer !== undefined) send(response, answer);
  }

  private route(form: URLSearchParams, query: URLSearchParams, response: http.ServerResponse) {
    const token = form.get('token') ?? form.get('key');
    if (token === null || token === '')
      return this.refuse('token required', answers.TOKEN_REQUIRED);
    if (!this.options.tokens.includes(token))
      return this.refuse('unauthorized', answers.UNAUTHORIZED);

    const routing = this.routingOf(form, query);
    const component = this.components.get(routing.get('what') ?? '');
    if (component === undefined) return this.refuse('invalid url', answers.INVALID_URL);
    if (routing.get('get') === '1' && component.output) {
      void this.get(component, component.output, routing, response).catch((error: unknown) => {
        this.log(`get failed: ${(error as Error).message}`);
        response.destroy();
      });
      return undefined;
    }
    if (routing.get('put') === '1' && component.input) {
      return this.put(component, component.input, routing, form.get('xmldata') ?? '');
    }

    return this.refuse('invalid url', answers.INVALID_URL);
  }

  // Routing parameters count only in the query string, unless body routing is allowed.
  private routingOf(form: URLSearchParams, query: URLSearchParams): URLSearchParams {
    if (!this.options.allowBodyRouting) return query;
    const merged = new URLSearchParams(query);
    for (const [name, value] of form) {
      if (name !== 'token' && name !== 'key' && name !== 'xmldata' && !merged.has(name)) {
        merged.set(name, value);
      }
    }
    return merged;
  }

  // Streams the answer record by record, so that any number of records fits in memory.
  private async get(
    component: Component,
    schema: DocumentSchema,
    routing: URLSearchParams,
    response: http.ServerResponse,
  ): Promise<void> {
    const filters = this.filtersOf(component.store.model, routing);
    if (typeof filters === 'string') {
      send(response, this.refuse(filters, answers.errorAnswer(filters)));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
    const writer = new ChunkWriter(response);
    await writer.write('<?xml version="1.0" encoding="UTF-8"?>\n<transport>');
    let count = 0;
    for (const record of component.store.all()) {
      if (!filters.every((matches) => matches(record))) continue;
      if (count === 0) await writer.write(`<${schema.container}>`);
      count += 1;
      await writer.record(schema, record);
    }
    await writer.write(count === 0 ? '</transport>\n' : `</${schema.container}></transport>\n`);
    await writer.end();
    this.log(`get ${schema.container}: ${count} record${count === 1 ? '' : 's'}`);
  }

  private filtersOf(model: ComponentModel, routing: URLSearchParams) {
    const documented = model.filters?.map((filter) => filter.name);
    const filters: answers.RecordFilter[] = [];
    for (const [name, value] of routing) {
      if (ROUTING.has(name) || (documented !== undefined && !documented.includes(name))) continue;
      const filter = answers.filterFor(name, value);
      if (typeof filter === 'string') return filter;
      filters.push(filter);
    }

    return filters;
  }

  private put(component: Component, schema: DocumentSchema, routing: URLSearchParams, xml: string) {
    const doctype = component.store.model.what.toUpperCase();
    const outcomes = this.putOutcomes(component, schema, xml, routing.get('xd_update') === '1');
    this.log(`put ${schema.container}: ${outcomes.map((outcome) => outcome.type).join(' ')}`);

    return answers.putAnswer(outcomes, doctype);
  }

  private putOutcomes(
    component: Component,
    schema: DocumentSchema,
    xml: string,
    isUpdate: boolean,
  ): PutOutcome[] {
    if (xml.trim() === '') return [{ type: 99, description: 'no processable XML data found' }];
    const problems = component.xsd?.check(xml) ?? [];
    if (problems.length > 0) return [{ type: 8, description: `invalid xml: ${problems[0]}` }];

    let records: StoredRecord[];
    try {
      records = parseDocument(xml, schema);
    } catch (error) {
      return [{ type: 8, description: `invalid xml: ${(error as Error).message}` }];
    }
    if (records.length === 0) return [{ type: 99, description: 'no processable XML data found' }];

    return records.map((record) => component.store.put(record, isUpdate));
  }

  private refuse(reason: string, answer: string): string {
    this.log(`refused: ${reason}`);
    return answer;
  }

  // Control characters are escaped, so that a request cannot forge a line of its own.
  private log(line: string): void {
    this.options.log?.(line.replace(/\p{Cc}/gu, (char) => JSON.stringify(char).slice(1, -1)));
  }
}

async function openComponent(
  model: ComponentModel,
  baseDir: string,
  now: () => Date,
): Promise<Component> {
  const xsdFile = model.input && path.join(baseDir, model.input.source);

  return {
    store: new ComponentStore(model, now),
    output: model.output && toDocumentSchema(model.output),
    input: model.input && toDocumentSchema(model.input),
    xsd: xsdFile === undefined ? undefined : new XsdCheck(await readFile(xsdFile, 'utf8')),
  };
}

async function readBody(request: http.IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk);
  }

  return Buffer.concat(chunks).toString('utf8');
}

function send(response: http.ServerResponse, xml: string): void {
  response.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(xml);
}
