// The client and the local server against hostile or careless input: redirects, answers
// that echo the token, answers without end, records that are not records, and requests
// meant to break the server's store or its log.

import { describe, expect, it } from 'vitest';

import { ComponentStore } from '../generator/serve/store.js';
import { loadModels } from '../generator/model/load-models.js';
import { DirectoClient, DirectoError } from '../generated/index.js';
import { RecordSplitter } from '../templates/runtime/record-stream.js';
import { escapeAttribute } from '../templates/runtime/xml-text.js';
import { contactOutputSchema } from '../generated/contact/codec.js';
import { SCHEMAS_DIR } from './support/paths.js';
import { failure, TOKEN, withLocalServer, withRawServer } from './support/servers.js';

// Every piece of the token eight characters long, in every form it may be echoed in.
function tokenPieces(token: string): string[] {
  const forms = [
    token,
    encodeURIComponent(token),
    new URLSearchParams({ t: token }).toString().slice(2),
  ];
  return forms.flatMap((form) =>
    Array.from({ length: Math.max(0, form.length - 7) }, (_, i) => form.slice(i, i + 8)),
  );
}

describe('the client against hostile answers', () => {
  it('follows no redirect, so neither token nor put goes elsewhere', async () => {
    await withRawServer(
      (response) => response.end('<transport/>'),
      async (elsewhere, stolen) => {
        for (const status of [301, 302, 307, 308]) {
          await withRawServer(
            (response) => response.writeHead(status, { location: elsewhere }).end(),
            async (url, seen) => {
              const directo = new DirectoClient({ token: TOKEN, url, getRetries: 0 });
              const put = await failure(directo.contact.put({ name: 'a' }));
              const get = await failure(directo.contact.list());
              expect([put.code, put.status, get.code, get.status]).toEqual([
                'http',
                status,
                'http',
                status,
              ]);
              expect(seen).toHaveLength(2);
            },
          );
        }
        expect(stolen).toEqual([]);
      },
    );
  });

  it('hides every piece of an echoed token: in messages, excerpts and result types', async () => {
    const token = '0123456789abcdef0123456789abcdef&<"';
    const answers = [
      (body: string) => `<html><p>${body}</p></html>`,
      () => `<transport>${'y'.repeat(50)}${token.slice(0, 32)}</transport>`,
      () => `<result type="${token.slice(0, 32)}" desc="x"/>`,
      () => `<transport><contact name="${escapeAttribute(token)}" nmae="1"/></transport>`,
    ];
    for (const answer of answers) {
      await withRawServer(
        (response, request) => response.end(answer(request.body)),
        async (url) => {
          const error = await failure(new DirectoClient({ token, url }).contact.list());
          const shown = [
            error.message,
            String(error.stack),
            JSON.stringify(error),
            String(error.cause),
          ];
          const leaks = tokenPieces(token).filter((piece) =>
            shown.some((text) => text.includes(piece)),
          );
          expect(leaks).toEqual([]);
        },
      );
    }
  });

  it('refuses a list answer longer than maxAnswerChars', async () => {
    await withRawServer(
      (response) => response.end(`<transport>${' '.repeat(5000)}</transport>`),
      async (url) => {
        const directo = new DirectoClient({ token: TOKEN, url, maxAnswerChars: 1000 });
        const error = await failure(directo.contact.list());
        expect([error.code, error.message]).toEqual([
          'too-large',
          'the answer is longer than 1000 characters; use iterate',
        ]);
      },
    );
  });

  it('refuses a record without end, in memory bounded by the record limit', () => {
    const splitter = new RecordSplitter(contactOutputSchema);
    splitter.push('<transport><contacts><contact name="');
    const piece = 'x'.repeat(1 << 20);
    const error = (() => {
      try {
        for (let i = 0; i < 20; i += 1) splitter.push(piece);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toMatchObject({
      kind: 'malformed',
      reason: 'a record or tag longer than 16777216 characters',
      position: { line: 1, column: 22 },
    });
  });

  it('refuses a raw control character in a value, as XML 1.0 does', async () => {
    await withRawServer(
      (response) => response.end('<transport><contact name="a\u0001b"/></transport>'),
      async (url) => {
        expect((await failure(new DirectoClient({ token: TOKEN, url }).contact.list())).code).toBe(
          'malformed-response',
        );
      },
    );
  });
});

describe('the client against careless input', () => {
  it('refuses what is not a record, holes and throwing getters, with a typed error', async () => {
    await withRawServer(
      (response) => response.end('<results/>'),
      async (url, seen) => {
        const directo = new DirectoClient({ token: TOKEN, url });
        // eslint-disable-next-line no-sparse-arrays -- a hole is what this checks
        const sparse = [, { name: 'b' }] as never;
        const throwing = {
          get name(): string {
            throw new Error('boom');
          },
        };
        const cases: [unknown, string][] = [
          [sparse, 'contacts[0]: expected a contact record, got undefined'],
          [
            [Promise.resolve({ name: 'a' })],
            'contacts[0]: expected a contact record, got a Promise (is an await missing?)',
          ],
          [[new Map()], 'contacts[0]: expected a contact record, got a Map object (records are'],
          [
            [
              new (class {
                readonly name = 'a';
              })(),
            ],
            'contacts[0]: expected a contact record, got a class object (recor',
          ],
          [[throwing], 'reading the records failed: boom; nothing was sent'],
        ];
        for (const [records, message] of cases) {
          const error = await failure(directo.contact.put(records as never));
          expect(error.code).toBe('validation');
          expect(error.message).toContain(message);
        }
        expect(seen).toHaveLength(0);
      },
    );
  });

  it('puts a batch larger than a call can take as arguments', async () => {
    const count = 150_000;
    await withRawServer(
      (response) => response.end(`<results>${'<Result Type="0"/>'.repeat(count)}</results>`),
      async (url) => {
        const records = Array.from({ length: count }, () => ({}));
        expect(await new DirectoClient({ token: TOKEN, url }).contact.put(records)).toHaveLength(
          count,
        );
      },
    );
  }, 60_000);

  it('refuses a url that is not one and a timeout setTimeout cannot keep', () => {
    expect(() => new DirectoClient({ token: 't', url: 'not a url' })).toThrow(
      'the Directo url is not a URL',
    );
    expect(() => new DirectoClient({ token: 't', timeoutMs: Infinity })).toThrow(DirectoError);
    expect(() => new DirectoClient({ token: 't', timeoutMs: 2 ** 31 })).toThrow(DirectoError);
  });
});

describe('the local server against hostile requests', () => {
  it('assigns no key beyond xsd:int, and gets keep working', async () => {
    await withLocalServer(async ({ url }) => {
      const directo = new DirectoClient({ token: TOKEN, url });
      await directo.contact.put({ code: 2147483647, name: 'last' });
      const [next] = await directo.contact.put({ name: 'next' });
      expect([next?.ok, next?.type]).toEqual([false, '17']);
      expect(await directo.contact.list()).toHaveLength(1);
    });
  });

  it('answers a get with the records as they were when it began', async () => {
    const { models } = await loadModels(SCHEMAS_DIR);
    const model = models.find((candidate) => candidate.what === 'contact');
    if (model === undefined) throw new Error('no contact model');
    const store = new ComponentStore(model, () => new Date(0));
    store.put({ name: 'a' }, false);
    store.put({ name: 'b' }, false);
    const answer = store.all();
    const first = answer.next().value as { code: number; name: string };
    store.put({ code: first.code, name: 'a, changed' }, true);
    store.put({ name: 'c' }, false);
    expect([first, ...answer].map((record) => record.name)).toEqual(['a', 'b']);
  });

  it('writes no line a request can forge', async () => {
    await withLocalServer(async ({ url, log }) => {
      await fetch(`${url}?get=1&what=contact&ts=${encodeURIComponent('x\nput contacts: 0')}`, {
        method: 'POST',
        body: new URLSearchParams({ token: TOKEN }),
      });
      expect(log).toEqual([
        'refused: invalid ts "x\\nput contacts: 0": use d.m.yyyy, yyyy-mm-dd or ' +
          'yyyy-mm-ddTHH:MM:SS, no zone',
      ]);
    });
  });
});
