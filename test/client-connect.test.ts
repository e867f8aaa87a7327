// When a put fails on the network, which of its records are certainly not stored. Only a
// connection that was never made proves that nothing reached Directo; every other failure
// leaves the records unconfirmed, to be read back before they are sent again.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { DirectoClient } from '../generated/index.js';
import type { FetchFunction } from '../generated/runtime/transport.js';
import { failure, TOKEN } from './support/servers.js';

const RECORDS = [{ name: 'a' }, { name: 'b' }];

function client(url: string, fetch?: FetchFunction) {
  return new DirectoClient({ token: TOKEN, url, ...(fetch === undefined ? {} : { fetch }) });
}

// A port that was free a moment ago: connecting to it is refused.
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));

  return `http://127.0.0.1:${port}/xmlcore.asp`;
}

// What undici's fetch rejects with: a TypeError whose cause is the system error.
function fetchFailed(code: string, syscall: string): TypeError {
  const cause = Object.assign(new Error(`${syscall} ${code}`), { code, syscall });
  return new TypeError('fetch failed', { cause });
}

describe('a put whose connection failed', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('stored nothing when the connection was refused', async () => {
    const error = await failure(client(await closedPort()).contact.put(RECORDS));

    expect([error.code, error.notConnected]).toEqual(['network', true]);
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.unconfirmed).toEqual([]);
    expect(error.notStored).toEqual(RECORDS);
  });

  it('stored nothing when the host name was not found', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(fetchFailed('ENOTFOUND', 'getaddrinfo')));
    const error = await failure(client('https://directo.invalid/').contact.put(RECORDS));

    expect(error.notConnected).toBe(true);
    expect(error.notStored).toEqual(RECORDS);
  });

  it('may have stored them when the host became unreachable after connecting', async () => {
    // The same code as an unreachable host, but from reading: the request had gone out.
    vi.stubGlobal('fetch', () => Promise.reject(fetchFailed('EHOSTUNREACH', 'read')));
    const error = await failure(client('https://directo.invalid/').contact.put(RECORDS));

    expect([error.code, error.notConnected]).toEqual(['network', false]);
    expect(error.unconfirmed).toEqual(RECORDS);
    expect(error.notStored).toEqual([]);
  });

  it("may have stored them when the integrator's own fetch failed", async () => {
    // Such a fetch may have retried, or sent part of the body, before its last error.
    const ownFetch: FetchFunction = () => Promise.reject(fetchFailed('ECONNREFUSED', 'connect'));
    const error = await failure(client('https://directo.invalid/', ownFetch).contact.put(RECORDS));

    expect([error.code, error.notConnected]).toEqual(['network', false]);
    expect(error.unconfirmed).toEqual(RECORDS);
  });

  it('stored nothing when every address of the host refused', async () => {
    const cause = new AggregateError([
      Object.assign(new Error('a'), { code: 'ECONNREFUSED', syscall: 'connect' }),
      Object.assign(new Error('b'), { code: 'ENETUNREACH', syscall: 'connect' }),
    ]);
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('fetch failed', { cause })));
    const error = await failure(client('https://directo.invalid/').contact.put(RECORDS));

    expect(error.notConnected).toBe(true);
  });
});
