// The generated client's get side over real HTTP on loopback: list and iterate against the
// local Directo server, with every filter, and against raw servers that fail in the ways
// networks and proxies do.

import type { ServerResponse } from 'node:http';

import { describe, expect, it } from 'vitest';

import { DirectoClient, DirectoError } from '../generated/index.js';
import type { Contact } from '../generated/contact/types.js';
import { readGetQuery } from '../generated/runtime/get-query.js';
import { sampleContacts } from './support/contact-data.js';
import { TOKEN, withLocalServer, withRawServer } from './support/servers.js';

const CONTACTS = sampleContacts(60);

function client(
  url: string,
  options: Partial<ConstructorParameters<typeof DirectoClient>[0]> = {},
) {
  return new DirectoClient({ token: TOKEN, url, retryDelayMs: 10, ...options });
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe('list and iterate against the local server', () => {
  const where = (keep: (contact: Contact) => boolean) => CONTACTS.filter(keep);
  const filters: [string, Parameters<DirectoClient['contact']['list']>[0], Contact[]][] = [
    ['no filter', {}, CONTACTS],
    ['code', { code: 17 }, where((c) => c.code === 17)],
    ['customercode, leading zeros kept', { customercode: '000042' }, where((c) => c.code === 42)],
    ['suppliercode', { suppliercode: 'S0008' }, where((c) => c.suppliercode === 'S0008')],
    ['email', { email: CONTACTS[4]?.email ?? '' }, [CONTACTS[4] as Contact]],
    ['pid', { pid: CONTACTS[9]?.pid ?? '' }, [CONTACTS[9] as Contact]],
    ['closed', { closed: 1 }, where((c) => c.closed === 1)],
    ['ts as d.m.yyyy', { ts: '1.11.2024' }, where((c) => (c.ts ?? '') >= '2024-11-01')],
    ['ts as dd.mm.yyyy', { ts: '01.12.2024' }, where((c) => (c.ts ?? '') >= '2024-12-01')],
    [
      'ts as Y-m-d H:i:s',
      { ts: '2024-12-05 10:30:00' },
      where((c) => (c.ts ?? '') >= '2024-12-05T10:30'),
    ],
    [
      'ts as ISO',
      { ts: '2024-12-05T10:30:01' },
      where((c) => (c.ts ?? '') >= '2024-12-05T10:30:01'),
    ],
    ['two filters', { closed: 0, customercode: '000011' }, where((c) => c.code === 11)],
    ['nothing matching', { customercode: 'none' }, []],
  ];

  it.each(filters)('filters by %s, list and iterate alike', async (name, query, expected) => {
    // Each case must tell filtering from not filtering.
    if (name !== 'nothing matching') expect(expected.length).toBeGreaterThan(0);
    if (name !== 'no filter') expect(expected.length).toBeLessThan(CONTACTS.length);
    await withLocalServer(async ({ server, url }) => {
      server.load('contact', CONTACTS);
      const directo = client(url);

      const listed = await directo.contact.list(query);
      expect(listed).toEqual(expected);
      expect(await collect(directo.contact.iterate(query))).toEqual(expected);
    });
  });

  it('sends filters in the query string and nothing but token in the body', async () => {
    const urls: string[] = [];
    const bodies: string[] = [];
    await withLocalServer(async ({ server, url }) => {
      server.load('contact', CONTACTS);
      const directo = client(url, {
        fetch: async (target, init) => {
          urls.push(target);
          bodies.push(String(init.body));
          return fetch(target, init);
        },
      });
      await directo.contact.list({ customercode: '000042', ts: '1.1.2024' });
    });
    const sent = new URL(urls[0] ?? '');
    expect(Object.fromEntries(sent.searchParams)).toEqual({
      get: '1',
      what: 'contact',
      customercode: '000042',
      ts: '1.1.2024',
    });
    expect(Object.fromEntries(new URLSearchParams(bodies[0]))).toEqual({ token: TOKEN });
  });

  it('refuses unknown filters and wrong filter types before sending', async () => {
    await withRawServer(
      (response) => response.end('<transport/>'),
      async (url, seen) => {
        const directo = client(url);
        const bad = { customerCode: 'C1', code: '7', closed: 1.5, pid: 1 } as never;
        const error = await directo.contact.list(bad).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DirectoError);
        expect((error as DirectoError).code).toBe('validation');
        expect((error as DirectoError).issues.map((issue) => issue.path)).toEqual([
          'query.customerCode',
          'query.code',
          'query.closed',
          'query.pid',
        ]);
        const tooLarge = await directo.contact.list({ code: 2 ** 40 }).catch((e: unknown) => e);
        expect((tooLarge as DirectoError).issues).toEqual([
          { path: 'query.code', rule: 'type', message: 'expected a 32-bit integer (xsd:int)' },
        ]);
        expect(seen).toHaveLength(0);
      },
    );
  });

  it('refuses the parameters that route a request as filters, documented or not', () => {
    const query = { What: 'customer', put: '1', xmldata: '<a/>', token: 'x', name: 'Õie' };
    for (const filters of [undefined, [{ name: 'name', type: 'string' } as const]]) {
      const { routing, issues } = readGetQuery('contact', filters, query);

      expect(issues).toEqual(
        ['What', 'put', 'xmldata', 'token'].map((name) => ({
          path: `query.${name}`,
          rule: 'unknown-field',
          message: 'routes the request; the client sets it',
        })),
      );
      expect(routing).toEqual({ get: '1', what: 'contact', name: 'Õie' });
    }
  });

  it('stops reading when the caller stops iterating', async () => {
    await withLocalServer(async ({ server, url }) => {
      server.load('contact', CONTACTS);
      const codes: number[] = [];
      for await (const contact of client(url).contact.iterate()) {
        codes.push(contact.code ?? 0);
        if (codes.length === 3) break;
      }
      expect(codes).toEqual([1, 2, 3]);
      expect(await client(url).contact.list({ code: 60 })).toHaveLength(1);
    });
  });
});

describe('get failures', () => {
  const ok = '<transport><contacts><contact code="1" name="A"/></contacts></transport>';

  it('retries a 5xx and a dropped connection, then succeeds', async () => {
    await withRawServer(
      (response, _request, index) => {
        if (index === 0) response.writeHead(503).end('busy');
        else if (index === 1) response.socket?.destroy();
        else response.end(ok);
      },
      async (url, seen) => {
        expect(await client(url).contact.list()).toEqual([{ code: 1, name: 'A', datafields: [] }]);
        expect(seen).toHaveLength(3);
      },
    );
  });

  it('gives up after the configured retries with an http error', async () => {
    await withRawServer(
      (response) => response.writeHead(502).end('<html>Bad gateway</html>'),
      async (url, seen) => {
        const error = (await client(url, { getRetries: 1 })
          .contact.list()
          .catch((e: unknown) => e)) as DirectoError;
        expect(error.code).toBe('http');
        expect(error.status).toBe(502);
        expect(seen).toHaveLength(2);
      },
    );
  });

  it('does not retry a 4xx', async () => {
    await withRawServer(
      (response) => response.writeHead(403).end(),
      async (url, seen) => {
        const error = (await client(url)
          .contact.list()
          .catch((e: unknown) => e)) as DirectoError;
        expect([error.code, error.status, error.retriable]).toEqual(['http', 403, false]);
        expect(seen).toHaveLength(1);
      },
    );
  });

  it('times out when no answer comes, and when the answer stalls half way', async () => {
    const stalls = [
      () => undefined,
      (response: ServerResponse) => {
        response.writeHead(200);
        response.write('<transport><contacts><contact code="1"/>');
      },
    ];
    for (const stall of stalls) {
      await withRawServer(stall, async (url, seen) => {
        const directo = client(url, { timeoutMs: 150, getRetries: 1 });
        const error = (await directo.contact.list().catch((e: unknown) => e)) as DirectoError;
        expect([error.code, error.retriable]).toEqual(['timeout', true]);
        expect(error.message).toBe('no answer from Directo for 150 ms');
        expect(seen).toHaveLength(2);
      });
    }
  });

  it('does not time out an answer that keeps arriving slowly', async () => {
    await withRawServer(
      (response) => {
        response.writeHead(200);
        response.write('<transport><contacts>');
        let sent = 0;
        const timer = setInterval(() => {
          sent += 1;
          response.write(`<contact code="${sent}"/>`);
          if (sent === 6) {
            clearInterval(timer);
            response.end('</contacts></transport>');
          }
        }, 60);
      },
      async (url) => {
        const directo = client(url, { timeoutMs: 150, getRetries: 0 });
        expect(await collect(directo.contact.iterate())).toHaveLength(6);
      },
    );
  });

  it('raises a network error when the connection closes mid-answer', async () => {
    const half = '<transport><contacts><contact code="1"/><contact code="2"/><contact co';
    await withRawServer(
      (response) => {
        response.writeHead(200, { 'content-length': String(half.length * 2) });
        response.write(half, () => response.socket?.destroy());
      },
      async (url, seen) => {
        const directo = client(url, { getRetries: 1 });
        const listError = (await directo.contact.list().catch((e: unknown) => e)) as DirectoError;
        expect(listError.code).toBe('network');
        expect(seen).toHaveLength(2);

        const handed: Contact[] = [];
        const iterateError = await (async () => {
          for await (const contact of directo.contact.iterate()) handed.push(contact);
        })().catch((e: unknown) => e);
        expect((iterateError as DirectoError).code).toBe('network');
        // Records already handed on are never sent twice: no retry after the first one.
        expect(handed.map((contact) => contact.code)).toEqual([1, 2]);
        expect(seen).toHaveLength(3);
      },
    );
  });

  it('raises malformed-response for an HTML page, never partial data', async () => {
    await withRawServer(
      (response) => response.end('<html><body><h1>Service Unavailable</h1></body></html>'),
      async (url) => {
        const error = (await client(url)
          .contact.list()
          .catch((e: unknown) => e)) as DirectoError;
        expect(error.code).toBe('malformed-response');
        expect(error.message).toContain('got <html>');
      },
    );
  });

  it('raises malformed-response when a streamed answer breaks after some records', async () => {
    await withRawServer(
      (response) => response.end('<transport><contacts><contact code="1"/><contact code="x"/>'),
      async (url) => {
        const handed: Contact[] = [];
        const error = await (async () => {
          for await (const contact of client(url).contact.iterate()) handed.push(contact);
        })().catch((e: unknown) => e);
        expect(handed).toEqual([{ code: 1, datafields: [] }]);
        expect((error as DirectoError).code).toBe('malformed-response');
        expect((error as Error).message).toContain('after 1 records');
      },
    );
  });

  it('raises malformed-response for bytes that are not UTF-8', async () => {
    await withRawServer(
      (response) => response.end(Buffer.from([0x3c, 0x74, 0xff, 0xfe, 0x3e])),
      async (url) => {
        const error = (await client(url)
          .contact.list()
          .catch((e: unknown) => e)) as DirectoError;
        expect([error.code, error.message]).toEqual([
          'malformed-response',
          'the answer is not valid UTF-8',
        ]);
      },
    );
  });

  it('raises directo-error for another refusal of the whole request', async () => {
    await withRawServer(
      (response) => response.end('<result type="9" desc="error on import"/>'),
      async (url) => {
        const error = (await client(url)
          .contact.list()
          .catch((e: unknown) => e)) as DirectoError;
        expect([error.code, error.resultType]).toEqual(['directo-error', '9']);
        expect(error.message).toContain('error on import');
      },
    );
  });
});
