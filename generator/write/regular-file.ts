// Reading files in an output folder, which may hold anything: a link, a pipe that would
// block a read until something writes to it, a file too large to hold in memory, or any of
// these put in place of a file after the folder was listed.

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Opens `file` for reading if it is a regular file, and returns its descriptor; undefined
 * for anything else, or what cannot be opened. It is opened without following a link or
 * waiting for a pipe's writer, then judged by the open file itself, so nothing put in its
 * place meanwhile is read instead. The caller closes it.
 */
export function openRegularFile(file: string): number | undefined {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW;
  let handle: number;
  try {
    handle = openSync(file, flags);
  } catch {
    return undefined;
  }
  let isFile = false;
  try {
    isFile = fstatSync(handle).isFile();
  } catch {
    // Not known to be a file either.
  }
  if (isFile) return handle;

  closeSync(handle);
  return undefined;
}

/** Runs `body` on `file` opened as a regular file, or returns undefined. */
export function withRegularFile<T>(file: string, body: (handle: number) => T): T | undefined {
  const handle = openRegularFile(file);
  if (handle === undefined) return undefined;
  try {
    return body(handle);
  } finally {
    closeSync(handle);
  }
}

// One buffer for every read: allocating a megabyte per file would cost more than reading
// the small files an output folder holds.
let chunkBuffer: Buffer | undefined;

/**
 * Calls `take` with each chunk of the file, from its start, a megabyte at a time, so that
 * a file of any size is read in bounded memory. The chunk is overwritten after `take`
 * returns, so `take` must not keep it.
 */
export function readChunks(handle: number, take: (chunk: Buffer) => void): void {
  const buffer = (chunkBuffer ??= Buffer.allocUnsafe(1 << 20));
  for (let position = 0; ;) {
    const bytesRead = readSync(handle, buffer, 0, buffer.length, position);
    if (bytesRead === 0) return;
    take(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
}
