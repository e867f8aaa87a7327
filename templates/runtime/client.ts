// The operations on one Directo component: list and iterate (get) and put. Generated code
// gives each component a typed face over this class; the schemas it is built with decide
// what it reads and writes.

import { ClientErrors } from './client-errors.js';
import { DirectoError, DirectoParseError, type PutResult } from './errors.js';
import { type GetFilter, readGetQuery } from './get-query.js';
import { parseDocument, parseRecordFragment, type ParseOptions } from './parse.js';
import { type Batch, containerBytes, splitIntoBatches } from './put-batches.js';
import { isSuccessType, readPutAnswer, type ResultAttributes } from './put-answer.js';
import type { RecordBuilders } from './record-builders.js';
import { RecordSplitter } from './record-stream.js';
import type { DocumentSchema } from './schema.js';
import { writeRecord } from './serialize.js';
import type { Transport, TransportOptions } from './transport.js';
import { snapshotRecords, validateRecords } from './validate.js';

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
  readonly filters?: readonly GetFilter[];
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

/** Result types refusing a put document as a whole: 8 invalid XML, 99 nothing processable. */
const DOCUMENT_REFUSALS: ReadonlySet<string> = new Set(['8', '99']);

/** Result types that refuse the request itself, whatever it holds: unauthorized, bad url. */
const REQUEST_REFUSALS: ReadonlySet<string> = new Set(['5', '404']);

/** Implements get and put for one component over a shared transport. */
export class ComponentClient<Output, Query, Input>
  implements GetOperations<Output, Query>, PutOperations<Input>
{
  private readonly transport: Transport;
  private readonly component: ComponentDescriptor;
  private readonly parseOptions: ParseOptions;
  private readonly errors: ClientErrors;

  constructor(transport: Transport, component: ComponentDescriptor, options: DirectoClientOptions) {
    this.transport = transport;
    this.component = component;
    this.parseOptions = { unknownAttributes: options.unknownAttributes ?? 'error' };
    this.errors = new ClientErrors(component.what, (text) => transport.scrub(text));
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
        throw this.errors.partialPut(error, results, batch.records, later);
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
      if (issues.length > 0) throw this.errors.refused(issues, list);
      if (list.length === 0) return [];
      const room =
        this.transport.maxRequestBytes -
        this.transport.formOverhead(routing) -
        containerBytes(schema.container);
      const write = (record: Input) => this.writeInput(record, schema);
      return splitIntoBatches(list, checked, { container: schema.container, room, write });
    } catch (error) {
      if (error instanceof DirectoError) throw error;
      throw this.errors.unreadableRecords(error, list);
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
      throw this.errors.unreadable(error, count.value);
    }
  }

  private readWhole(text: string, schema: DocumentSchema): unknown[] {
    try {
      return parseDocument(text, schema, this.parseOptions, this.component.outputBuilders);
    } catch (error) {
      throw this.errors.unreadable(error, 0);
    }
  }

  private async putBatch(batch: Batch<Input>, routing: Record<string, string>) {
    const xmldata = batch.document.finish();
    const text = await (await this.transport.send({ routing, xmldata })).text();

    let answer: ResultAttributes[];
    try {
      answer = readPutAnswer(text);
    } catch (error) {
      throw this.errors.unreadable(error, 0);
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
      throw this.errors.refusal(
        new DirectoParseError('directo-error', `Directo answered: ${only.description}`, {
          resultType: only.type,
          resultDescription: only.description,
        }),
      );
    }

    throw this.errors.mismatch(answer, sent);
  }

  // Directo's own words go to the caller as they are, except for the token.
  private scrubResult(result: ResultAttributes): ResultAttributes {
    const entries = Object.entries(result).map(([name, value]) => [
      name,
      this.transport.scrub(String(value)),
    ]);

    return Object.fromEntries(entries) as ResultAttributes;
  }

  private writeInput(record: Input, schema: DocumentSchema): string {
    const write = this.component.writeInput as ((record: Input) => string) | undefined;
    if (write !== undefined) return write(record);
    const parts: string[] = [];
    writeRecord(schema.record, record as Readonly<Record<string, unknown>>, parts);
    return parts.join('');
  }

  private getRouting(query: Query | undefined): Record<string, string> {
    const { routing, issues } = readGetQuery(this.component.what, this.component.filters, query);
    if (issues.length > 0) throw this.errors.refused(issues, []);

    return routing;
  }

  private outputSchema(): DocumentSchema {
    const schema = this.component.output;
    if (schema === undefined) throw this.errors.unsupported('get');
    return schema;
  }

  private inputSchema(): DocumentSchema {
    const schema = this.component.input;
    if (schema === undefined) throw this.errors.unsupported('put');
    return schema;
  }
}
