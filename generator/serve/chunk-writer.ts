// Writes a get answer to the client as it is made, record by record, so that the server
// holds one piece of the answer rather than all of it, and waits while a slow client
// catches up.

import type http from 'node:http';

import type { DocumentSchema } from '../../templates/runtime/schema.js';
import { writeRecord } from '../../templates/runtime/serialize.js';
import type { StoredRecord } from './store.js';

/** The size of the pieces written, in characters. */
const CHUNK_CHARS = 1 << 16;

// Waits until the client has taken what was written, or has gone; no listener is left behind.
function drained(response: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

/** Writes a streamed answer in pieces of about 64 KB, waiting while the client catches up. */
export class ChunkWriter {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly response: http.ServerResponse) {}

  async record(schema: DocumentSchema, record: StoredRecord): Promise<void> {
    const start = this.parts.length;
    writeRecord(schema.record, record, this.parts);
    for (let i = start; i < this.parts.length; i += 1) this.size += this.parts[i]?.length ?? 0;
    if (this.size >= CHUNK_CHARS) await this.flush();
  }

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= CHUNK_CHARS) await this.flush();
  }

  async end(): Promise<void> {
    await this.flush();
    this.response.end();
  }

  private async flush(): Promise<void> {
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (this.response.destroyed) throw new Error('the client went away');
    if (!this.response.write(chunk)) await drained(this.response);
  }
}
