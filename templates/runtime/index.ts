// The runtime the generated codecs share.

export * from './errors.js';
export { parseDocument, type ParseOptions } from './parse.js';
export type * from './schema.js';
export { serializeDocument } from './serialize.js';
export { validateRecord, validateRecords } from './validate.js';
