// Authentication and routing over real HTTP to the local server, and the promise that the
// token never shows: not in a URL, not in an error, not in the server's log.

import { inspect } from 'node:util';

import { describe, expect, it } from 'vitest';

import { DirectoClient, DirectoError } from '../generated/index.js';
import type { FetchFunction } from '../generated/index.js';
import { failure, TOKEN, withLocalServer, withRawServer } from './support/servers.js';

// Stands in for a proxy that drops form fields it does not know.
const dropToken: FetchFunction = (url, init) => {
  const body = new URLSearchParams(String(init.body));
  body.delete('token');
  return fetch(url, { ...init, body: body.toString() });
};

describe('authentication and routing', () => {
  it('raises unauthorized for a wrong token, on get and on put', async () => {
    await withLocalServer(async ({ url }) => {
      const directo = new DirectoClient({ token: 'wrong', url });
      const get = await failure(directo.contact.list());
      expect([get.code, get.resultType, get.retriable]).toEqual(['unauthorized', '5', false]);
      const put = await failure(directo.contact.put({ name: 'a' }));
      expect(put.code).toBe('unauthorized');
      expect(put.notStored).toEqual([{ name: 'a' }]);
      expect(put.unconfirmed).toEqual([]);
    });
  });

  it('raises token-required when no token reaches Directo', async () => {
    await withLocalServer(async ({ url, log }) => {
      const directo = new DirectoClient({ token: TOKEN, url, fetch: dropToken });
      expect((await failure(directo.contact.list())).code).toBe('token-required');
      expect(log).toEqual(['refused: token required']);
    });
  });

  it('refuses to start without a token or with a token-bearing url', () => {
    expect(() => new DirectoClient({ token: '' })).toThrow(DirectoError);
    expect(() => new DirectoClient({ token: 't', url: 'https://x.ee/a?token=t' })).toThrow(
      'the Directo url must have no query or credentials',
    );
  });

  it('raises invalid-url when routing goes in the body, unless the server allows it', async () => {
    await withLocalServer(async ({ url }) => {
      const directo = new DirectoClient({ token: TOKEN, url, routing: 'body' });
      const error = await failure(directo.contact.list());
      expect([error.code, error.resultType]).toEqual(['invalid-url', '404']);
    });
    await withLocalServer(
      async ({ url }) => {
        const directo = new DirectoClient({ token: TOKEN, url, routing: 'body' });
        await directo.contact.put({ name: 'body routed' });
        expect(await directo.contact.list()).toMatchObject([{ name: 'body routed' }]);
      },
      { allowBodyRouting: true },
    );
  });

  it('sends the token as `key` for the legacy interface', async () => {
    await withRawServer(
      (response) => response.end('<transport/>'),
      async (url, seen) => {
        await new DirectoClient({ token: TOKEN, url, tokenField: 'key' }).contact.list();
        expect(new URLSearchParams(seen[0]?.body).get('key')).toBe(TOKEN);
      },
    );
  });
});

describe('the token', () => {
  const forms = [
    TOKEN,
    encodeURIComponent(TOKEN),
    new URLSearchParams({ t: TOKEN }).toString().slice(2),
  ];
  const leaks = (text: string) => forms.some((form) => text.includes(form));

  it('does not show when the client is printed or serialized', () => {
    const directo = new DirectoClient({ token: TOKEN, url: 'http://127.0.0.1:9/x' });
    expect(inspect(directo, { depth: 20, showHidden: true })).not.toContain(TOKEN);
    expect(JSON.stringify(directo)).not.toContain(TOKEN);
  });

  it('appears in no URL, no error and no server log line', async () => {
    const urls: string[] = [];
    const errors: DirectoError[] = [];
    const watch: FetchFunction = (url, init) => {
      urls.push(url);
      return fetch(url, init);
    };
    await withLocalServer(async ({ url, log }) => {
      const directo = new DirectoClient({ token: TOKEN, url, fetch: watch });
      await directo.contact.put([{ name: 'a' }, { name: 'b' }]);
      await directo.contact.list({ customercode: 'x' });
      errors.push(await failure(directo.contact.put([{ name: 'x'.repeat(300) }])));
      errors.push(await failure(directo.contact.list({ ts: 'yesterday' })));
      errors.push(
        await failure(new DirectoClient({ token: TOKEN, url, routing: 'body' }).contact.list()),
      );
      urls.push(url);
      expect(log.length).toBeGreaterThan(3);
      expect(log.filter(leaks)).toEqual([]);
    });
    // A server that echoes the token back, and one that is gone.
    await withRawServer(
      (response, request) => response.end(`<err>bad request: ${request.body}</err>`),
      async (url) => {
        errors.push(await failure(new DirectoClient({ token: TOKEN, url }).contact.list()));
        errors.push(
          await failure(new DirectoClient({ token: TOKEN, url }).contact.put({ name: 'a' })),
        );
      },
    );
    const gone = new DirectoClient({ token: TOKEN, url: 'http://127.0.0.1:9/x', getRetries: 0 });
    errors.push(await failure(gone.contact.list()));

    expect(errors.map((error) => error.code)).toEqual([
      'validation',
      'directo-error',
      'invalid-url',
      'directo-error',
      'malformed-response',
      'network',
    ]);
    expect(urls.filter(leaks)).toEqual([]);
    for (const error of errors) {
      const shown = [
        error.message,
        String(error.stack),
        JSON.stringify(error),
        String(error.cause),
      ];
      expect(shown.filter(leaks)).toEqual([]);
    }
    expect(errors[3]?.message).toContain('[token]');
  });
});
