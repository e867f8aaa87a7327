// The runtime the generated codecs and client share.

export {
  ComponentClient,
  type ComponentDescriptor,
  type DirectoClientOptions,
  type GetOperations,
  type PutOperations,
  type PutOptions,
} from './client.js';
export * from './errors.js';
export type { GetFilter } from './get-query.js';
export { type RecordFiller, recordBuilders } from './record-builders.js';
export { parseDocument, type ParseOptions } from './parse.js';
export type * from './schema.js';
export { type RecordWriter, serializeDocument } from './serialize.js';
export { escapeAttribute } from './xml-text.js';
export { DIRECTO_URL, Transport, type FetchFunction, type TransportOptions } from './transport.js';
export { validateRecord, validateRecords } from './validate.js';
