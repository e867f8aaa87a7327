// The operations on one Directo component: list and iterate (get) and put. Generated code
// gives each component a typed face over this class; the schemas it is built with decide
// what it reads and writes.

import {
  DirectoError,
  type DirectoErrorCode,
  DirectoParseError,
  type PutResult,
  type ValidationIssue,
} from './errors.js';
import type { RecordBuilders } from './record-builders.js';
import { parseDocument, parseRecordFragment, type ParseOptions } from './parse.js';
import { isSuccessType, readPutAnswer, type ResultAttributes } from './put-answer.js';
import { RecordSplitter } from './record-stream.js';
import type { DocumentSchema } from './schema.js';
import { PieceJoiner, writeRecord } from './serialize.js';
import { formValueLength } from './form-body.js';
import type { Transport, TransportOptions } from './transport.js';
import { snapshotRecords, validateRecords } from './validate.js';
import { findInvalidXmlChar } from './xml-text.js';

/** How the client reaches Directo and reads its answers. Only `token` is required. */
export interface DirectoClientOptions extends TransportOptions {
  /**
   * `error` (the default) refuses an answer carrying attributes the schema lacks, rather
   * than drop their values; `ignore` drops them.
   */
  readonly unknownAttributes?: 'error' | 'ignore';
}

/** A component as the client needs it: its `what`, its documents and its get filters. */
export interface ComponentDescriptor {
  readonly what: string;
  readonly output?: DocumentSchema;
  readonly input?: DocumentSchema;
  /** The generated builders of get records; a generic loop is used when absent. */
  readonly outputBuilders?: RecordBuilders;
  /** The generated writer for one put record; the schema is walked when absent. */
  readonly writeInput?: (record: never) => string;
  /** The documented get filters; when absent, any filter name is passed on. */
  readonly filters?: readonly { readonly name: string; readonly type: 'int' | 'string' }[];
}

/** Reading a component with get. */
export interface GetOperations<Output, Query> {
  /** Every record matching `query`, read whole; nothing is returned if any part is bad. */
  list(query?: Query): Promise<Output[]>;
  /**
   * The records matching `query`, each handed on as soon as it has arrived, so memory holds
   * one record rather than the answer. A failure late in the answer is raised after the
   * records before it were handed on.
   */
  iterate(query?: Query): AsyncIterable<Output>;
}

/** Writing a component with put. */
export interface PutOperations<Input> {
  /**
   * Sends records and returns what Directo did with each, in the order given. Every record
   * is validated first; if any is invalid nothing is sent. Never sent again automatically.
   */
  put(records: Input | readonly Input[], options?: PutOptions): Promise<PutResult<Input>[]>;
}

/** How a put is sent. */
export interface PutOptions {
  /** Modify existing records (`xd_update=1`); send each whole, as it overwrites. */
  readonly update?: boolean;
}

/** Answers refusing a whole request: nothing in it was stored. */
const REFUSALS: ReadonlySet<DirectoErrorCode> = new Set([
  'unauthorized',
  'token-required',
  'invalid-url',
]);

/** Result types refusing a put document as a whole: 8 invalid XML, 99 nothing processable. */
const DOCUMENT_REFUSALS: ReadonlySet<string> = new Set(['8', '99']);

/** Result types that refuse the request itself, whatever it holds: unauthorized, bad url. */
const REQUEST_REFUSALS: ReadonlySet<string> = new Set(['5', '404']);

/** Directo asks that a failed put be sent again no sooner than a minute later. */
const PUT_RETRY_AFTER_MS = 60_000;

/** Implements get and put for one component over a shared transport. */
export class ComponentClient<Output, Query, Input>
  implements GetOperations<Output, Query>, PutOperations<Input>
{
  private readonly parseOptions: ParseOptions;

  constructor(
    private readonly transport: Transport,
    private readonly component: ComponentDescriptor,
    options: DirectoClientOptions,
  ) {
    this.parseOptions = { unknownAttributes: options.unknownAttributes ?? 'error' };
  }

  async list(query?: Query): Promise<Output[]> {
    const schema = this.outputSchema();
    const routing = this.getRouting(query);

    for (let tries = 0; ; tries += 1) {
      try {
        const text = await (await this.transport.send({ routing })).text();
        return this.readWhole(text, schema) as Output[];
      } catch (error) {
        if (!(await this.transport.mayRetry(error, tries))) throw error;
      }
    }
  }

  async *iterate(query?: Query): AsyncGenerator<Output, void, undefined> {
    const schema = this.outputSchema();
    const routing = this.getRouting(query);

    for (let tries = 0; ; tries += 1) {
      const count = { value: 0 };
      try {
        yield* this.stream(routing, schema, count);
        return;
      } catch (error) {
        // Once records were handed on, sending the get again would hand them on twice.
        if (count.value > 0 || !(await this.transport.mayRetry(error, tries))) throw error;
      }
    }
  }

  async put(records: Input | readonly Input[], options: PutOptions = {}) {
    const schema = this.inputSchema();
    const list: readonly Input[] = Array.isArray(records) ? records : [records as Input];
    const routing = {
      put: '1',
      what: this.component.what,
      ...(options.update && { xd_update: '1' }),
    };
    const batches = this.prepareBatches(list, schema, routing);
    const results: PutResult<Input>[] = [];
    for (const [index, batch] of batches.entries()) {
      try {
        // One by one: a batch may hold more results than a call can take as arguments.
        for (const result of await this.putBatch(batch, routing)) results.push(result);
      } catch (error) {
        const later = batches.slice(index + 1).flatMap((next) => next.records);
        throw this.partialPut(error, results, batch.records, later);
      }
    }

    return results;
  }

  // Validates and writes every record before anything is sent. Records are plain data, but
  // plain JavaScript may pass a getter that throws or a revoked proxy: that is refused too.
  private prepareBatches(
    list: readonly Input[],
    schema: DocumentSchema,
    routing: Record<string, string>,
  ): Batch<Input>[] {
    try {
      const checked = snapshotRecords(schema.record, list) as readonly Input[];
      const issues = validateRecords(schema.record, checked, schema.container);
      if (issues.length > 0) throw this.refused(issues, list);
      return list.length === 0 ? [] : this.batches(list, checked, schema, routing);
    } catch (error) {
      if (error instanceof DirectoError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      const message = `reading the records failed: ${reason}; nothing was sent`;
      throw new DirectoError('validation', this.transport.scrub(message), { notStored: list });
    }
  }

  private async *stream(
    routing: Record<string, string>,
    schema: DocumentSchema,
    count: { value: number },
  ): AsyncGenerator<Output, void, undefined> {
    const answer = await this.transport.send({ routing });
    const splitter = new RecordSplitter(schema);
    try {
      for await (const piece of answer.pieces()) {
        for (const fragment of splitter.push(piece)) {
          const number = count.value + 1;
          const record = parseRecordFragment(
            fragment,
            schema,
            this.parseOptions,
            number,
            this.component.outputBuilders,
          );
          count.value = number;
          yield record as Output;
        }
      }
      const refusal = splitter.end();
      if (refusal !== undefined) parseDocument(refusal, schema);
    } catch (error) {
      throw this.unreadable(error, count.value);
    }
  }

  private readWhole(text: string, schema: DocumentSchema): unknown[] {
    try {
      return parseDocument(text, schema, this.parseOptions, this.component.outputBuilders);
    } catch (error) {
      throw this.unreadable(error, 0);
    }
  }

  private async putBatch(batch: Batch<Input>, routing: Record<string, string>) {
    const xmldata = batch.document.finish();
    const text = await (await this.transport.send({ routing, xmldata })).text();

    let answer: ResultAttributes[];
    try {
      answer = readPutAnswer(text);
    } catch (error) {
      throw this.unreadable(error, 0);
    }
    const results = this.resultPerRecord(answer, batch.records.length);

    return results.map((result, index) => ({
      ...this.scrubResult(result),
      ok: isSuccessType(result.type),
      record: batch.records[index] as Input,
    }));
  }

  // One result per record, in order. A document Directo refuses as a whole (invalid XML,
  // nothing processable) gets a single result, which then stands for every record in it.
  private resultPerRecord(answer: readonly ResultAttributes[], sent: number) {
    if (answer.length === sent) return answer;
    const [only] = answer;
    if (answer.length === 1 && only !== undefined && DOCUMENT_REFUSALS.has(only.type.trim())) {
      return Array.from({ length: sent }, () => only);
    }
    // A lone Unauthorized or Invalid url refuses the request, as it does for a get.
    if (answer.length === 1 && only !== undefined && REQUEST_REFUSALS.has(only.type.trim())) {
      throw this.refusal(
        new DirectoParseError('directo-error', `Directo answered: ${only.description}`, {
          resultType: only.type,
          resultDescription: only.description,
        }),
      );
    }

    throw this.mismatch(answer, sent);
  }

  // Directo's own words go to the caller as they are, except for the token.
  private scrubResult(result: ResultAttributes): ResultAttributes {
    const entries = Object.entries(result).map(([name, value]) => [
      name,
      this.transport.scrub(String(value)),
    ]);

    return Object.fromEntries(entries) as ResultAttributes;
  }

  // Splits records into requests under the size limit, each record written once, from the
  // copy that was validated; results will name the records as they were given.
  private batches(
    records: readonly Input[],
    checked: readonly Input[],
    schema: DocumentSchema,
    routing: Record<string, string>,
  ): Batch<Input>[] {
    const wrapper = formValueLength(`<${schema.container}></${schema.container}>`);
    const room = this.transport.maxRequestBytes - this.transport.formOverhead(routing) - wrapper;
    const batches: Batch<Input>[] = [];
    let current = newBatch<Input>(schema.container);
    for (const [index, record] of records.entries()) {
      const text = this.writeInput(checked[index] as Input, schema);
      const bytes = formValueLength(text);
      if (bytes > room) throw this.tooLarge(index, bytes, room, records);
      if (current.bytes + bytes > room) {
        batches.push(current);
        current = newBatch(schema.container);
      }
      current.records.push(record);
      current.document.add(text);
      current.bytes += bytes;
    }
    batches.push(current);
    for (const batch of batches) batch.document.add(`</${schema.container}>`);

    return batches;
  }

  private writeInput(record: Input, schema: DocumentSchema): string {
    const write = this.component.writeInput as ((record: Input) => string) | undefined;
    if (write !== undefined) return write(record);
    const parts: string[] = [];
    writeRecord(schema.record, record as Readonly<Record<string, unknown>>, parts);
    return parts.join('');
  }

  private getRouting(query: Query | undefined): Record<string, string> {
    const routing: Record<string, string> = { get: '1', what: this.component.what };
    const issues: ValidationIssue[] = [];
    if (query !== undefined && (typeof query !== 'object' || query === null)) {
      issues.push({ path: 'query', rule: 'type', message: 'the query must be an object' });
    }
    const filters = this.component.filters;
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      const filter = filters?.find((known) => known.name === name);
      const path = `query.${name}`;
      if (filters !== undefined && filter === undefined) {
        const known = filters.map((f) => f.name).join(', ');
        issues.push({ path, rule: 'unknown-field', message: `no such filter; known: ${known}` });
      } else if (filter?.type === 'int' ? !isInt32(value) : typeof value !== 'string') {
        const expected = filter?.type === 'int' ? 'a 32-bit integer (xsd:int)' : 'a string';
        issues.push({ path, rule: 'type', message: `expected ${expected}` });
      } else if (typeof value === 'string' && findInvalidXmlChar(value) !== -1) {
        issues.push({ path, rule: 'xml-char', message: 'holds a character XML cannot carry' });
      } else routing[name] = String(value);
    }
    if (issues.length > 0) throw this.refused(issues, []);

    return routing;
  }

  private outputSchema(): DocumentSchema {
    const schema = this.component.output;
    if (schema === undefined) throw this.unsupported('get');
    return schema;
  }

  private inputSchema(): DocumentSchema {
    const schema = this.component.input;
    if (schema === undefined) throw this.unsupported('put');
    return schema;
  }

  private unsupported(operation: string): DirectoError {
    const what = this.component.what;
    return new DirectoError('validation', `${what} has no ${operation} schema`);
  }

  private refused(issues: readonly ValidationIssue[], records: readonly Input[]) {
    const count = `${issues.length} issue${issues.length === 1 ? '' : 's'}`;
    const list = issues.map((issue) => `\n  ${issue.path}: ${issue.message}`).join('');
    const message = `nothing was sent to Directo (what=${this.component.what}), ${count}:${list}`;

    return new DirectoError('validation', this.transport.scrub(message), {
      issues,
      notStored: records,
    });
  }

  private tooLarge(index: number, bytes: number, room: number, records: readonly Input[]) {
    const message =
      `record ${index} alone takes ${bytes} bytes encoded, more than the ${room} a request ` +
      'has room for; nothing was sent';

    return new DirectoError('too-large', message, { notStored: records });
  }

  private mismatch(answer: readonly ResultAttributes[], sent: number): DirectoError {
    const first = answer[0];
    const said = first === undefined ? '' : ` (the first: type ${first.type} ${first.description})`;
    const message = `Directo answered ${answer.length} results for ${sent} records${said}`;

    return new DirectoError('result-mismatch', this.transport.scrub(message), {
      resultType: first && this.transport.scrub(first.type),
    });
  }

  private unreadable(error: unknown, handedOn: number): unknown {
    if (!(error instanceof DirectoParseError)) return error;
    const { what } = this.component;
    if (error.kind === 'directo-error') return this.refusal(error);

    const after = handedOn === 0 ? '' : ` after ${handedOn} records`;
    const message = `the answer for what=${what} could not be read${after}: ${error.message}`;
    // The parse error itself is not attached: its excerpt could hold what the token scrub
    // removed from the message.
    return new DirectoError('malformed-response', this.transport.scrub(message));
  }

  private refusal(error: DirectoParseError): DirectoError {
    const type = error.resultType?.trim();
    const said = this.transport.scrub(error.message);
    const details = { resultType: type === undefined ? undefined : this.transport.scrub(type) };
    if (type === '5') return new DirectoError('unauthorized', `${said}: check the token`, details);
    if (type === '404') {
      const hint = 'the routing parameters did not reach it; see the `routing` option';
      return new DirectoError('invalid-url', `${said}: ${hint}`, details);
    }
    if (type === undefined && /token\s+required/i.test(error.resultDescription ?? '')) {
      return new DirectoError('token-required', `${said}: no token reached Directo`, details);
    }

    return new DirectoError('directo-error', said, details);
  }

  private partialPut(
    error: unknown,
    results: readonly PutResult<Input>[],
    sent: readonly Input[],
    later: readonly Input[],
  ): unknown {
    if (!(error instanceof DirectoError)) return error;
    const isRefused = REFUSALS.has(error.code);

    return new DirectoError(error.code, this.transport.scrub(error.message), {
      status: error.status,
      resultType: error.resultType,
      results,
      unconfirmed: isRefused ? [] : sent,
      notStored: isRefused ? [...sent, ...later] : later,
      // Waiting does not mend a refused token or url; it is Directo's rule for the rest.
      retryAfterMs: isRefused ? undefined : PUT_RETRY_AFTER_MS,
    });
  }
}

/** The records of one request and their document, written before anything is sent. */
interface Batch<Input> {
  readonly records: Input[];
  readonly document: PieceJoiner;
  /** The document's size once form-encoded, less its container tags. */
  bytes: number;
}

function newBatch<Input>(container: string): Batch<Input> {
  const document = new PieceJoiner();
  document.add(`<${container}>`);
  return { records: [], document, bytes: 0 };
}

function isInt32(value: unknown): boolean {
  return (
    Number.isInteger(value) && (value as number) >= -2147483648 && (value as number) <= 2147483647
  );
}
