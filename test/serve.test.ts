// The local Directo server on its own: answers to put documents the client would never
// send, the command line, and a 100,000-contact answer streamed to the client from a child
// process, with the client's peak memory reported.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { DirectoClient } from '../generated/index.js';
import { sampleContacts } from './support/contact-data.js';
import { runCli } from './support/cli.js';
import { writeComponent } from './support/components.js';
import { schemaText } from './support/fixtures.js';
import { withTempDir } from './support/paths.js';
import { spawnServer, TOKEN, withLocalServer } from './support/servers.js';

async function post(url: string, query: string, form: Record<string, string>) {
  const response = await fetch(`${url}?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, text: await response.text() };
}

describe('the local server answers puts', () => {
  const put = (url: string, xmldata: string, extra = '') =>
    post(url, `put=1&what=contact${extra}`, { token: TOKEN, xmldata });

  it('with type 8 for a document its XSD refuses, checked by libxml2', async () => {
    await withLocalServer(async ({ url }) => {
      const unknown = await put(url, '<contacts><contact name="a" nmae="b"/></contacts>');
      expect(unknown.text).toMatch(/<Result Type="8" Desc="invalid xml: line 1: [^"]*nmae/);
      const notInt = await put(url, '<contacts><contact code="x1"/></contacts>');
      expect(notInt.text).toContain('Type="8"');
      const broken = await put(url, '<contacts><contact name="a"></contacts>');
      expect(broken.text).toContain('Type="8" Desc="invalid xml: not well-formed');
    });
  });

  it('with type 99 for no data', async () => {
    await withLocalServer(async ({ url }) => {
      expect((await put(url, '')).text).toContain('<Result Type="99"');
      expect((await put(url, '<contacts/>')).text).toContain('<Result Type="99"');
    });
  });

  it('with type 12 for a string key left out, and 9 for a component without a key', async () => {
    await withTempDir(async (dir) => {
      const code = '<xsd:attribute name="code" sql:field="kood" type="xsd:string"/><!-- 32 -->';
      const name = '<xsd:attribute name="name" sql:field="nimi" type="xsd:string"/><!-- 32 -->';
      await writeComponent(dir, 'thing', {
        'ws_things.xsd': schemaText({ attributes: code }),
        'xml_IN_things.xsd': schemaText({ attributes: code }),
      });
      const notes = schemaText({ container: 'notes', record: 'note', attributes: name });
      await writeComponent(dir, 'note', { 'ws_notes.xsd': notes, 'xml_IN_notes.xsd': notes });
      await withLocalServer(
        async ({ url }) => {
          const things = (xmldata: string) =>
            post(url, 'put=1&what=thing', { token: TOKEN, xmldata });
          const keyless =
            '<things><thing><datafields><data code="x"/></datafields></thing></things>';
          expect((await things(keyless)).text).toContain('<Result Type="12" Desc="missing code"');
          const keyed =
            '<things><thing code="007"><datafields><data code="x"/></datafields></thing></things>';
          expect((await things(keyed)).text).toContain('<Result Type="0" Desc="OK" docid="007"');

          const note =
            '<notes><note name="a"><datafields><data code="x"/></datafields></note></notes>';
          const answer = await post(url, 'put=1&what=note', { token: TOKEN, xmldata: note });
          expect(answer.text).toContain('<Result Type="9" Desc="this component cannot be stored');
        },
        { schemasDir: dir },
      );
    });
  });

  it('with 404 for an unknown component, 405 for GET and an <err> for a bad ts', async () => {
    await withLocalServer(async ({ url }) => {
      expect((await post(url, 'get=1&what=nothing', { token: TOKEN })).text).toContain(
        '<result type="404" desc="Invalid url given"/>',
      );
      expect((await fetch(url)).status).toBe(405);
      const ts = await post(url, 'get=1&what=contact&ts=2024-01-01T00:00:00Z', { token: TOKEN });
      expect(ts.text).toContain('<err>invalid ts "2024-01-01T00:00:00Z"');
      const day = await post(url, 'get=1&what=contact&ts=31.02.2024', { token: TOKEN });
      expect(day.text).toContain('<err>invalid ts');
    });
  });

  it('answers only at an XML Direct path, so a mistyped url shows', async () => {
    await withLocalServer(async ({ url }) => {
      const company = url.replace('cap_xml_direct', 'firma');
      expect((await post(company, 'get=1&what=contact', { token: TOKEN })).status).toBe(200);
      const typo = url.replace('xmlcore.asp', 'xmlcore.aspx');
      expect((await post(typo, 'get=1&what=contact', { token: TOKEN })).status).toBe(404);
    });
  });

  it('ignores a token sent in the URL', async () => {
    await withLocalServer(async ({ url }) => {
      const answer = await post(url, `get=1&what=contact&token=${TOKEN}`, {});
      expect(answer.text).toContain('<err>token required</err>');
    });
  });
});

describe('directo-codegen serve', () => {
  it('explains its answers in --help', async () => {
    const run = await runCli(['serve', '--help']);
    expect(run.status).toBe(0);
    expect(run.out.join('\n')).toContain('14  xd_update=1 on a stored record whose closed');
  });

  it('needs a token, and refuses a bad data file with its name', async () => {
    const noToken = await runCli(['serve', '--port', '0']);
    expect(noToken.status).toBe(2);
    expect(noToken.err[0]).toBe('directo-codegen: give --token <token> or set DIRECTO_TOKEN');

    await withTempDir(async (dir) => {
      const file = path.join(dir, 'data.json');
      await writeFile(file, JSON.stringify({ contact: [{ code: 'seven', nmae: 'x' }] }));
      const run = await runCli(['serve', '--port', '0', '--token', 't', '--data', file]);
      expect(run.status).toBe(2);
      expect(run.err[0]).toContain(`${file}: records for what=contact refused, 2 issues:`);

      await writeFile(file, JSON.stringify({ contakt: [] }));
      const unknown = await runCli(['serve', '--port', '0', '--token', 't', '--data', file]);
      expect(unknown.err[0]).toBe(
        `directo-codegen: ${file}: no component with what=contakt (known: contact)`,
      );
    });
  });

  it('says plainly when its port is taken', async () => {
    await withLocalServer(async ({ url }) => {
      const port = new URL(url).port;
      const run = await runCli(['serve', '--port', port, '--token', 't']);
      expect(run.status).toBe(1);
      expect(run.err).toEqual([
        `directo-codegen serve: 127.0.0.1:${port} is already in use; choose another port with ` +
          `--port`,
      ]);
    });
  });

  it('streams 100,000 contacts to iterate with memory bounded by a record', async () => {
    const count = 100_000;
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'contacts.json');
      await writeFile(file, JSON.stringify({ contact: sampleContacts(count) }));
      const { url, stop } = await spawnServer(['--token', TOKEN, '--data', file, '--quiet']);
      try {
        const directo = new DirectoClient({ token: TOKEN, url });
        const before = process.memoryUsage();
        let peakHeap = before.heapUsed;
        let peakRss = before.rss;
        let seen = 0;
        let lastCode = 0;
        for await (const contact of directo.contact.iterate()) {
          seen += 1;
          expect(contact.code).toBe(lastCode + 1);
          lastCode = contact.code ?? 0;
          if (seen % 1000 === 0) {
            const now = process.memoryUsage();
            peakHeap = Math.max(peakHeap, now.heapUsed);
            peakRss = Math.max(peakRss, now.rss);
          }
        }
        expect(seen).toBe(count);
        const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
        process.stdout.write(
          `iterate over ${count} contacts: peak heap ${mb(peakHeap)} ` +
            `(+${mb(peakHeap - before.heapUsed)}), peak RSS ${mb(peakRss)} ` +
            `(+${mb(peakRss - before.rss)})\n`,
        );
        // The answer is about 50 MB of text, and its records as objects take about 400 MB; holding
        // either would grow the heap past this bound, which leaves room for uncollected garbage.
        expect(peakHeap - before.heapUsed).toBeLessThan(64 * 2 ** 20);
      } finally {
        await stop();
      }
    });
  }, 120_000);
});
