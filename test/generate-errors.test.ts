// generate on bad input: each problem is one compiler-style line naming the file and place,
// every error is collected before stopping, and the output folder is left untouched.

import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { runCli, snapshotDir } from './support/cli.js';
import { writeComponent } from './support/components.js';
import { schemaText, tableText } from './support/fixtures.js';
import { withTempDir } from './support/paths.js';

describe('generate on bad input', () => {
  const good =
    '<xsd:attribute name="code" sql:field="kood" type="xsd:string"/><!-- 32; UI|Kood| -->';
  const cases: [string, Record<string, string>, RegExp | string][] = [
    [
      'a malformed schema',
      { 'ws_things.xsd': schemaText({ attributes: `${good}\n<xsd:attribute name="x">` }) },
      /^schemas\/thing\/ws_things\.xsd:19:\d+: error: malformed XML: unexpected close tag$/,
    ],
    [
      'an unknown xsd type',
      {
        'ws_things.xsd': schemaText({
          attributes: '<xsd:attribute name="a" sql:field="a" type="xsd:money"/>',
        }),
      },
      /^schemas\/thing\/ws_things\.xsd:17:45: error: unknown type "xsd:money" on attribute "a"; /,
    ],
    [
      'a duplicate attribute',
      { 'ws_things.xsd': schemaText({ attributes: `${good}\n${good}` }) },
      'schemas/thing/ws_things.xsd:18:7: error: duplicate attribute "code" ' +
        '(see schemas/thing/ws_things.xsd:17:7)',
    ],
    [
      'a missing file named by the manifest',
      {
        'ws_things.xsd': schemaText({ attributes: good }),
        'component.json': '{ "input": "xml_IN_things.xsd" }',
      },
      /^schemas\/thing\/xml_IN_things\.xsd:1:1: error: file not found$/,
    ],
    [
      'a broken table row',
      {
        'ws_things.xsd': schemaText({ attributes: good }),
        'thing.txt': tableText({ output: ['code\tkood\tstring\t32'] }),
      },
      'schemas/thing/thing.txt:10:1: error: table row has 4 cells; its header (line 9) has 6',
    ],
    [
      'an unknown manifest key',
      {
        'ws_things.xsd': schemaText({ attributes: good }),
        'component.json': '{\n  "wat": "thing"\n}',
      },
      /^schemas\/thing\/component\.json:2:3: error: unknown key "wat"; known keys: /,
    ],
    [
      'a truncated schema',
      { 'ws_things.xsd': schemaText({ attributes: good }).slice(0, -60) },
      'schemas/thing/ws_things.xsd:30:3: error: <xsd:complexType> is never closed: ' +
        'the file ends inside it',
    ],
    [
      'a schema with two root elements',
      { 'ws_things.xsd': `${schemaText({ attributes: good })}<xsd:schema/>\n` },
      'schemas/thing/ws_things.xsd:35:1: error: a second root element <xsd:schema>: ' +
        'a document has only one (see schemas/thing/ws_things.xsd:1:1)',
    ],
    [
      'a field named like a child collection',
      {
        'ws_things.xsd': schemaText({
          attributes: '<xsd:attribute name="datafields" sql:field="df" type="xsd:string"/>',
        }),
      },
      'schemas/thing/ws_things.xsd:9:8: error: child collection "datafields" has the name of ' +
        'a field or another collection of the same record (see schemas/thing/ws_things.xsd:17:7)',
    ],
    [
      'a manifest that is not JSON',
      {
        'ws_things.xsd': schemaText({ attributes: good }),
        'component.json': '{\n  "what": thing\n}',
      },
      /^schemas\/thing\/component\.json:2:11: error: invalid JSON: invalid symbol$/,
    ],
    [
      'a what that cannot name the component in code',
      {
        'ws_things.xsd': schemaText({ attributes: good }),
        'component.json': '{ "what": "thing-x" }',
      },
      'schemas/thing/component.json:1:1: error: what "thing-x" cannot name the component in ' +
        'the generated code; give it a "what" of ASCII letters, digits and _ in component.json',
    ],
    [
      'a what the generated code already uses',
      {
        'ws_things.xsd': schemaText({ attributes: good }),
        'component.json': '{ "what": "DirectoError" }',
      },
      'schemas/thing/component.json:1:1: error: what "DirectoError" is a name the generated ' +
        'code already uses; give the component another "what" in component.json',
    ],
    [
      'a schema whose direction cannot be told from its name',
      {
        'ws_things.xsd': schemaText({ attributes: good }),
        'things.xsd': schemaText({ attributes: good }),
      },
      /^schemas\/thing\/things\.xsd:1:1: error: cannot tell whether this is a get/,
    ],
  ];

  it.each(cases)(
    'reports %s on one line and leaves the output untouched',
    async (_name, files, expected) => {
      await withTempDir(async (dir) => {
        const schemas = path.join(dir, 'schemas');
        const out = path.join(dir, 'generated');
        await mkdir(out);
        await writeFile(path.join(out, 'keep.ts'), '// from an earlier run\n');
        await writeComponent(schemas, 'thing', files);

        const previous = process.cwd();
        process.chdir(dir);
        const run = await runCli(['generate', '--schemas', schemas, '--out', out]).finally(() =>
          process.chdir(previous),
        );

        expect(run.status).toBe(1);
        expect(run.err[0]).toMatch(expected);
        expect(run.err.at(-1)).toMatch(/^1 error; nothing was written$/);
        expect(await snapshotDir(out)).toEqual({ 'keep.ts': '// from an earlier run\n' });
      });
    },
  );

  it('collects every error before stopping', async () => {
    await withTempDir(async (dir) => {
      const schemas = path.join(dir, 'schemas');
      await writeComponent(schemas, 'thing', {
        'ws_things.xsd': schemaText({
          attributes: '<xsd:attribute name="a" type="xsd:money"/>\n<xsd:attribute name="b"/>',
        }),
        'thing.txt': tableText({ output: ['a\ta\tint'] }),
      });
      const run = await runCli(['generate', '--schemas', schemas, '--out', path.join(dir, 'out')]);

      expect(run.status).toBe(1);
      expect(run.err.filter((line) => line.includes(': error: '))).toHaveLength(3);
      expect(run.err.at(-1)).toBe('3 errors; nothing was written');
    });
  });

  it('says why a schema is unused when the manifest names another in its place', async () => {
    await withTempDir(async (dir) => {
      const schemas = path.join(dir, 'schemas');
      await writeComponent(schemas, 'thing', {
        'ws_things.xsd': schemaText({ attributes: '' }),
        'component.json': '{ "output": "ws_other.xsd" }',
      });
      const run = await runCli(['generate', '--schemas', schemas, '--out', path.join(dir, 'o')]);

      expect(run.err.map((line) => line.replace(`${dir}/`, ''))).toEqual([
        'schemas/thing/ws_other.xsd:1:1: error: file not found',
        'schemas/thing/ws_things.xsd:1:1: error: not used: component.json names another file ' +
          'as "output"; remove one of the two',
        '2 errors; nothing was written',
      ]);
    });
  });

  it('refuses a component folder whose name cannot name its folder of generated code', async () => {
    await withTempDir(async (dir) => {
      const schemas = path.join(dir, 'schemas');
      for (const name of ["o'brien", 'a b', 'Runtime', 'node_modules', 'Thing', 'thing']) {
        await writeComponent(schemas, name, { 'ws_things.xsd': schemaText({ attributes: good }) });
      }
      await symlink(path.join(dir, 'nowhere'), path.join(schemas, 'gone'));
      await symlink('loop', path.join(schemas, 'loop'));
      const run = await runCli(['generate', '--schemas', schemas, '--out', path.join(dir, 'o')]);
      const rule = 'cannot name generated code; use ASCII letters, digits, "_" and "-"';

      expect(run.err.map((line) => line.replace(`${dir}/`, ''))).toEqual([
        `schemas/Runtime:1:1: error: a component folder cannot be named "runtime", the ` +
          "generated runtime's folder",
        `schemas/a b:1:1: error: component folder name "a b" ${rule}`,
        'schemas/gone:1:1: error: a link that leads nowhere',
        'schemas/loop:1:1: error: a link that leads round in a loop',
        'schemas/node_modules:1:1: error: a component folder cannot be named "node_modules", ' +
          'which Node and TypeScript treat as installed packages',
        `schemas/o'brien:1:1: error: component folder name "o'brien" ${rule}`,
        'schemas/thing:1:1: error: component folder "thing" differs from "Thing" only in case; ' +
          'rename one',
        '7 errors; nothing was written',
      ]);
    });
  });

  it('reports usage errors with status 2', async () => {
    expect((await runCli(['frobnicate'])).status).toBe(2);
    expect(await runCli(['generate', '--nope'])).toEqual({
      status: 2,
      out: [],
      err: ['directo-codegen: unknown option --nope', 'Run `directo-codegen --help` for usage.'],
    });
    expect((await runCli(['serve', '--port', '1', '--nope'])).err).toEqual([
      'directo-codegen: unknown option --nope',
      'Run `directo-codegen serve --help` for usage.',
    ]);
    expect(await runCli(['generate', '--quiet', '--verbose'])).toEqual({
      status: 2,
      out: [],
      err: [
        'directo-codegen: --verbose and --quiet exclude each other',
        'Run `directo-codegen --help` for usage.',
      ],
    });
    const help = await runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.out.join('\n')).toContain('Usage: directo-codegen generate');
    expect(await runCli(['--version'])).toEqual({ status: 0, out: ['0.1.0'], err: [] });
  });
});
