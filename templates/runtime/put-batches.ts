// Splits the records of a put into requests that each fit Directo's size limit. Every record
// is written once, before anything is sent, so a record too large for any request stops the
// put while nothing has been stored.

import { DirectoError } from './errors.js';
import { formValueLength } from './form-body.js';
import { PieceJoiner } from './serialize.js';

/** The records of one request and their document, written before anything is sent. */
export interface Batch<Input> {
  readonly records: Input[];
  readonly document: PieceJoiner;
  /** The document's size once form-encoded, less its container tags. */
  bytes: number;
}

/** How the records of one put are written and how much room a request has for them. */
export interface BatchPlan<Input> {
  readonly container: string;
  /** Bytes a request has for its document, once the token and routing are counted. */
  readonly room: number;
  readonly write: (record: Input) => string;
}

/** The form-encoded size of a document's container tags, which every request repeats. */
export function containerBytes(container: string): number {
  return formValueLength(`<${container}></${container}>`);
}

/**
 * Requests holding `records` in order. Each is written from its copy in `checked`, the one
 * that was validated; results name the records as they were given.
 */
export function splitIntoBatches<Input>(
  records: readonly Input[],
  checked: readonly Input[],
  plan: BatchPlan<Input>,
): Batch<Input>[] {
  const batches: Batch<Input>[] = [];
  let current = newBatch<Input>(plan.container);
  for (const [index, record] of records.entries()) {
    const text = plan.write(checked[index] as Input);
    const bytes = formValueLength(text);
    if (bytes > plan.room) throw tooLarge(index, bytes, plan.room, records);
    if (current.bytes + bytes > plan.room) {
      batches.push(current);
      current = newBatch(plan.container);
    }
    current.records.push(record);
    current.document.add(text);
    current.bytes += bytes;
  }
  batches.push(current);
  for (const batch of batches) batch.document.add(`</${plan.container}>`);

  return batches;
}

function newBatch<Input>(container: string): Batch<Input> {
  const document = new PieceJoiner();
  document.add(`<${container}>`);

  return { records: [], document, bytes: 0 };
}

function tooLarge(index: number, bytes: number, room: number, records: readonly unknown[]) {
  const message =
    `record ${index} alone takes ${bytes} bytes encoded, more than the ${room} a request ` +
    'has room for; nothing was sent';

  return new DirectoError('too-large', message, { notStored: records });
}
