// The generated client's put side over real HTTP on loopback: validation before sending,
// results mapped back to their records, batching under the size limit, and what an
// integrator is told when a multi-batch put fails part way.

import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { contact, DirectoClient, DirectoError } from '../generated/index.js';
import type { ContactInput } from '../generated/contact/types.js';
import { recordArbitrary } from './support/arbitraries.js';
import { SCHEMAS_DIR, withTempDir } from './support/paths.js';
import { TOKEN, withLocalServer, withRawServer } from './support/servers.js';

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

const OUTPUT_FIELDS = new Set([
  ...contact.contactOutputSchema.record.fields.map((field) => field.name),
  'datafields',
]);

function client(
  url: string,
  options: Partial<ConstructorParameters<typeof DirectoClient>[0]> = {},
) {
  return new DirectoClient({ token: TOKEN, url, retryDelayMs: 10, ...options });
}

const ESTONIAN: ContactInput = {
  name: 'Õnne Šõmer-Ääremaa & Põld "OÜ"',
  customercode: '000123',
  address1: 'Pärnu mnt 12\nKorter 4',
  comment: '  kaks tühikut ees, tab\tja <märgid> ',
  email: 'õnne@näide.ee',
  sex: 1,
  birthday: '1980-02-29T00:00:00',
  pid: '048002290001',
  datafields: [{ code: 'KANAL', content: 'e-post 😀', param: '007' }],
};

describe('put against the local server', () => {
  it('creates, updates and reads back identical values', async () => {
    await withLocalServer(async ({ url }) => {
      const directo = client(url);
      const [created] = await directo.contact.put(ESTONIAN);
      expect(created).toMatchObject({ ok: true, type: '0', docid: '100001', record: ESTONIAN });

      const code = Number(created?.docid);
      const [read] = await directo.contact.list({ code });
      const { ts, ...stored } = read ?? {};
      expect(ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      expect(stored).toEqual({ ...ESTONIAN, code });

      const changed: ContactInput = { ...stored, phone: '+372 5555 0000', comment: 'muudetud' };
      const [updated] = await directo.contact.put([changed], { update: true });
      expect(updated).toMatchObject({ ok: true, docid: String(code) });
      const [again] = await directo.contact.list({ code });
      expect({ ...again, ts: undefined }).toEqual({ ...changed, ts: undefined });
    });
  });

  it('reads back exactly what it created, for random contacts', async () => {
    const records = fc.array(recordArbitrary(contact.contactInputSchema.record), {
      minLength: 1,
      maxLength: 4,
    });
    await withLocalServer(async ({ url }) => {
      const directo = client(url);
      await fc.assert(
        fc.asyncProperty(records, async (batch) => {
          const inputs = batch.map(({ code: _code, ...rest }) => rest) as ContactInput[];
          const results = await directo.contact.put(inputs);
          expect(results.map((result) => result.ok)).toEqual(inputs.map(() => true));
          for (const [index, result] of results.entries()) {
            const [read] = await directo.contact.list({ code: Number(result.docid) });
            // Input-only fields (occupationcode) have no get field, so get never returns them.
            const returned = Object.entries(inputs[index] ?? {}).filter(([name]) =>
              OUTPUT_FIELDS.has(name),
            );
            const { ts: _ts, code: _read, ...values } = read ?? {};
            expect(values).toEqual({ datafields: [], ...Object.fromEntries(returned) });
          }
        }),
        { numRuns: 40 },
      );
    });
  });

  it('maps a batch of mixed results to the right records', async () => {
    await withLocalServer(async ({ url }) => {
      const directo = client(url);
      const [first, second] = await directo.contact.put([{ name: 'A' }, { name: 'B' }]);
      const a = Number(first?.docid);
      const b = Number(second?.docid);
      await directo.contact.put([{ code: b, name: 'B', closed: 1 }], { update: true });

      const batch: ContactInput[] = [
        { name: 'new one' },
        { code: a, name: 'A again' },
        { name: 'another' },
      ];
      const created = await directo.contact.put(batch);
      expect(created.map((r) => [r.ok, r.type, r.record.name])).toEqual([
        [true, '0', 'new one'],
        [false, '11', 'A again'],
        [true, '0', 'another'],
      ]);

      const updates: ContactInput[] = [
        { code: a, name: 'A renamed' },
        { code: b, name: 'B renamed' },
      ];
      const updated = await directo.contact.put(updates, { update: true });
      expect(updated.map((r) => [r.ok, r.type, r.record.code])).toEqual([
        [true, '0', a],
        [false, '14', b],
      ]);
      expect((await directo.contact.list({ code: b }))[0]?.name).toBe('B');
    });
  });

  it('splits a large batch under the size limit and keeps results in order', async () => {
    await withLocalServer(async ({ url, log }) => {
      const directo = client(url, { maxRequestBytes: 4000 });
      const name = (i: number) => `Kõik ${i} ${'ä'.repeat(40)}`;
      const batch = Array.from({ length: 50 }, (_, i) => ({ name: name(i) }));
      const results = await directo.contact.put(batch);
      expect(results.map((result) => result.record)).toEqual(batch);
      expect(results.map((result) => Number(result.docid))).toEqual(
        batch.map((_, i) => 100_001 + i),
      );
      const puts = log.filter((line) => line.startsWith('put '));
      expect(puts.length).toBeGreaterThan(2);
    });
  });

  it('keeps every request body within maxRequestBytes', async () => {
    const sizes: number[] = [];
    await withLocalServer(async ({ url }) => {
      const directo = client(url, {
        maxRequestBytes: 3000,
        fetch: (target, init) => {
          sizes.push(Number(new Headers(init.headers).get('content-length')));
          return fetch(target, init);
        },
      });
      const batch = Array.from({ length: 40 }, (_, i) => ({
        name: `${i} 😀 & < " ${'õ'.repeat(i * 3)}`,
      }));
      expect((await directo.contact.put(batch)).every((result) => result.ok)).toBe(true);
    });
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3000);
    expect(Math.max(...sizes)).toBeGreaterThan(2500);
  });
});

describe('the put body', () => {
  it('is streamed with its exact length, holding the serialized document', async () => {
    const records: ContactInput[] = Array.from({ length: 300 }, (_, i) => ({
      name: `${i} Õie & "Mägi" <x> 😀 ~!*'()`,
      comment: 'rida\nrida\tveerg + 100%',
      datafields: [{ code: 'KANAL', content: 'e-post' }],
    }));
    await withRawServer(
      (response, request) => {
        const count =
          (new URLSearchParams(request.body).get('xmldata') ?? '').split('<contact ').length - 1;
        response.end(`<results>${'<Result Type="0" Desc="OK"/>'.repeat(count)}</results>`);
      },
      async (url, seen) => {
        const results = await client(url).contact.put(records);
        expect(results).toHaveLength(300);
        const [request] = seen;
        expect(Buffer.byteLength(request?.body ?? '')).toBe(
          Number(request?.headers['content-length']),
        );
        expect(request?.headers['transfer-encoding']).toBeUndefined();
        const form = new URLSearchParams(request?.body);
        expect([...form.keys()]).toEqual(['token', 'xmldata']);
        expect(form.get('xmldata')).toBe(contact.serializeContacts(records));
      },
    );
  });
});

describe('the put document', () => {
  it('holds the values that were validated, each read once', async () => {
    let reads = 0;
    const shifty = {
      name: 'a',
      get code() {
        reads += 1;
        return reads === 1 ? 7 : '7" session_id="stolen';
      },
    };
    await withRawServer(
      (response) => response.end('<results><Result Type="0" Desc="OK"/></results>'),
      async (url, seen) => {
        const [result] = await client(url).contact.put([shifty] as ContactInput[]);
        const form = new URLSearchParams(seen[0]?.body);
        expect(form.get('xmldata')).toBe(
          '<contacts><contact code="7" name="a"><datafields/></contact></contacts>',
        );
        expect(result?.record).toBe(shifty);
      },
    );
  });
});

describe('put refused before sending', () => {
  it('lists every issue of every record and sends nothing', async () => {
    await withRawServer(
      (response) => response.end('<results/>'),
      async (url, seen) => {
        const bad = [
          { name: 'fine' },
          { name: 'x'.repeat(256), sex: 3, session_id: 'abc' },
          { email: 7, nmae: 'typo' },
        ] as never;
        const error = (await client(url)
          .contact.put(bad)
          .catch((e: unknown) => e)) as DirectoError;
        expect(error.code).toBe('validation');
        expect(error.issues.map((issue) => `${issue.path} ${issue.rule}`)).toEqual([
          'contacts[1].name length',
          'contacts[1].sex enumeration',
          'contacts[1].session_id do-not-send',
          'contacts[2].email type',
          'contacts[2].nmae unknown-field',
        ]);
        expect(error.notStored).toHaveLength(3);
        expect(seen).toHaveLength(0);
      },
    );
  });

  it('refuses a record too large for any request', async () => {
    await withRawServer(
      (response) => response.end('<results/>'),
      async (url, seen) => {
        const directo = client(url, { maxRequestBytes: 500 });
        const records = [{ name: 'small' }, { name: 'ü'.repeat(120) }];
        const error = (await directo.contact.put(records).catch((e: unknown) => e)) as DirectoError;
        expect(error.code).toBe('too-large');
        expect(error.message).toMatch(/^record 1 alone takes \d+ bytes/);
        expect(seen).toHaveLength(0);
      },
    );
  });

  it('returns no results for no records, without a request', async () => {
    await withRawServer(
      (response) => response.end('<results/>'),
      async (url, seen) => {
        expect(await client(url).contact.put([])).toEqual([]);
        expect(seen).toHaveLength(0);
      },
    );
  });
});

describe('put answers', () => {
  const ok = (count: number) =>
    `<results>${'<Result Type="0" Desc="OK" docid="5"/>'.repeat(count)}</results>`;

  it('reads results in either case, treating unknown types as failures', async () => {
    const answer =
      '<Results><result type="30" desc="linked" docid="1"/><result type="1" desc="viga"/>' +
      '<result type="0" desc="OK" submit="1"/></Results>';
    await withRawServer(
      (response) => response.end(answer),
      async (url) => {
        const results = await client(url).contact.put([
          { name: 'a' },
          { name: 'b' },
          { name: 'c' },
        ]);
        expect(results).toEqual([
          { ok: true, type: '30', description: 'linked', docid: '1', record: { name: 'a' } },
          { ok: false, type: '1', description: 'viga', record: { name: 'b' } },
          { ok: true, type: '0', description: 'OK', submit: '1', record: { name: 'c' } },
        ]);
      },
    );
  });

  it('raises result-mismatch when results and records do not pair up', async () => {
    await withRawServer(
      (response) => response.end('<results><Result Type="0" Desc="OK" docid="9"/></results>'),
      async (url) => {
        const records = [{ name: 'a' }, { name: 'b' }];
        const error = (await client(url)
          .contact.put(records)
          .catch((e: unknown) => e)) as DirectoError;
        expect(error.code).toBe('result-mismatch');
        expect(error.message).toBe(
          'Directo answered 1 results for 2 records (the first: type 0 OK)',
        );
        expect(error.unconfirmed).toEqual(records);
        expect(error.retryAfterMs).toBe(60_000);
      },
    );
  });

  it.each([
    [
      'a lone Unauthorized',
      '<results><Result Type="5" Desc="Unauthorized"/></results>',
      'unauthorized',
    ],
    ['an HTML page', '<html><body>Server Error</body></html>', 'malformed-response'],
    [
      'text among the results',
      '<results>oops<Result Type="0"/><Result Type="0"/></results>',
      'malformed-response',
    ],
    [
      'an element in a result',
      '<results><Result Type="0"><x/></Result><Result Type="0"/></results>',
      'malformed-response',
    ],
  ])('refuses the whole put for %s', async (_name, answer, code) => {
    await withRawServer(
      (response) => response.end(answer),
      async (url) => {
        const records = [{ name: 'a' }, { name: 'b' }];
        const error = (await client(url)
          .contact.put(records)
          .catch((e: unknown) => e)) as DirectoError;
        expect(error).toBeInstanceOf(DirectoError);
        expect(error.code).toBe(code);
        expect([...error.notStored, ...error.unconfirmed]).toEqual(records);
      },
    );
  });

  it('gives every record the one result of a document refused as a whole', async () => {
    // A server whose put schema lacks `comment`, as when Directo's schema has moved on from
    // the one the client was generated from: its XSD check refuses the whole document.
    await withTempDir(async (dir) => {
      const schemas = path.join(dir, 'schemas');
      await cp(path.join(SCHEMAS_DIR, 'contact'), path.join(schemas, 'contact'), {
        recursive: true,
      });
      const input = path.join(schemas, 'contact', 'xml_IN_kontaktid.xsd');
      const text = await readFile(input, 'utf8');
      await writeFile(input, text.replace(/^.*name="comment".*$/m, ''));

      await withLocalServer(
        async ({ url }) => {
          const records = [{ name: 'a', comment: 'c' }, { name: 'b' }];
          const results = await client(url).contact.put(records);

          expect(results.map(({ ok, type, record }) => ({ ok, type, record }))).toEqual([
            { ok: false, type: '8', record: records[0] },
            { ok: false, type: '8', record: records[1] },
          ]);
          expect(results[0]?.description).toMatch(/comment/);
          expect(await client(url).contact.list()).toEqual([]);
        },
        { schemasDir: schemas },
      );
    });
  });

  it('keeps the token out of what Directo says about each record', async () => {
    await withRawServer(
      (response) =>
        response.end(`<results><Result Type="9" Desc="bad token ${escapeXml(TOKEN)}"/></results>`),
      async (url) => {
        const [result] = await client(url).contact.put({ name: 'a' });

        expect(result?.description).toBe('bad token [token]');
      },
    );
  });

  it('never sends a put again, and says which records may exist', async () => {
    await withRawServer(
      (response, _request, index) => {
        if (index === 0) response.end(ok(2));
        else response.writeHead(503).end();
      },
      async (url, seen) => {
        const directo = client(url, { maxRequestBytes: 400 });
        const records = Array.from({ length: 6 }, (_, i) => ({
          name: `record ${i} ${'x'.repeat(60)}`,
        }));
        const error = (await directo.contact.put(records).catch((e: unknown) => e)) as DirectoError;
        expect([error.code, error.status]).toEqual(['http', 503]);
        expect(seen).toHaveLength(2);
        expect(error.results.map((result) => result.record)).toEqual(records.slice(0, 2));
        expect(error.unconfirmed).toEqual(records.slice(2, 4));
        expect(error.notStored).toEqual(records.slice(4));
        expect(error.retryAfterMs).toBe(60_000);
      },
    );
  });

  it('raises a network error for a put whose connection drops, without sending again', async () => {
    await withRawServer(
      (response) => response.socket?.destroy(),
      async (url, seen) => {
        const error = (await client(url)
          .contact.put({ name: 'a' })
          .catch((e: unknown) => e)) as DirectoError;
        expect(error.code).toBe('network');
        expect(error.notConnected).toBe(false);
        expect(error.unconfirmed).toEqual([{ name: 'a' }]);
        expect(seen).toHaveLength(1);
      },
    );
  });
});
