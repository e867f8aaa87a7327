// generate for some of the components: only those are written, and any others the output
// folder lacks as they are now generated, since the index and the client import them all.

import { spawnSync } from 'node:child_process';
import { appendFile, cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { runCli, snapshotDir } from './support/cli.js';
import { writeComponent } from './support/components.js';
import { schemaText } from './support/fixtures.js';
import { SCHEMAS_DIR, withTempDir } from './support/paths.js';

describe('generate with several components', () => {
  const thing = {
    'ws_things.xsd': schemaText({
      attributes:
        '<xsd:attribute name="code" sql:field="kood" type="xsd:string"/><!-- 32; UI|Kood| -->',
    }),
  };

  // The schemas of `components` (the bundled contact, the small thing) in `dir`, and an
  // output folder beside them, generated whole first when `isGenerated`.
  async function layOut(dir: string, components: readonly string[], isGenerated: boolean) {
    const schemas = path.join(dir, 'schemas');
    const out = path.join(dir, 'generated');
    for (const name of components) {
      if (name === 'thing') await writeComponent(schemas, 'thing', thing);
      else await cp(path.join(SCHEMAS_DIR, name), path.join(schemas, name), { recursive: true });
    }
    if (isGenerated) await runCli(['generate', '--schemas', schemas, '--out', out, '--quiet']);

    return { schemas, out };
  }

  it('writes the named component, and the others only where they no longer match', async () => {
    await withTempDir(async (dir) => {
      const { schemas, out } = await layOut(dir, ['contact', 'thing'], true);
      const before = await snapshotDir(out);

      // A run for one component leaves another that is as generated untouched.
      const same = await runCli(['generate', 'thing', '--schemas', schemas, '--out', out]);
      expect(same.status).toBe(0);
      expect(same.err.filter((line) => line.includes('as well'))).toEqual([]);
      expect(await snapshotDir(out)).toEqual(before);

      // One whose schema changed since is written as well: the client is built from it.
      const xsd = path.join(schemas, 'thing', 'ws_things.xsd');
      const extra = '<xsd:attribute name="label" sql:field="nimi" type="xsd:string"/>';
      await writeFile(
        xsd,
        (await readFile(xsd, 'utf8')).replace('<xsd:attribute ', `${extra}\n<xsd:attribute `),
      );
      const run = await runCli(['generate', 'contact', '--schemas', schemas, '--out', out]);
      expect(run.err.filter((line) => line.includes('as well'))).toEqual([
        `${out}/thing:1:1: warning: missing or out of date in the output folder, and the index ` +
          'imports it: generated as well',
      ]);
      expect(await readFile(path.join(out, 'thing', 'types.ts'), 'utf8')).toContain('label');
      const files = await snapshotDir(out);
      expect(files['contact/types.ts']).toBe(before['contact/types.ts']);
    });
  });

  it('removes generated files it no longer writes, in runtime and other components', async () => {
    await withTempDir(async (dir) => {
      const { schemas, out } = await layOut(dir, ['contact', 'thing'], true);
      const before = await snapshotDir(out);
      // Generated files, banner and all, that this generator no longer writes.
      for (const stale of ['runtime/stale.ts', 'thing/stale.ts']) {
        await cp(path.join(out, 'contact', 'codec.ts'), path.join(out, stale));
      }

      const check = await runCli([
        'generate',
        'contact',
        '--check',
        '--schemas',
        schemas,
        '--out',
        out,
      ]);
      expect(check.status).toBe(1);
      expect(check.err.filter((line) => line.includes('stale.ts'))).toEqual([
        expect.stringMatching(/runtime\/stale\.ts: extra/),
        expect.stringMatching(/thing\/stale\.ts: extra/),
      ]);
      const run = await runCli(['generate', 'contact', '--schemas', schemas, '--out', out]);
      expect(run.status).toBe(0);
      expect(await snapshotDir(out)).toEqual(before);
    });
  });

  it('refuses to write over a file not its own in a component that no longer matches', async () => {
    await withTempDir(async (dir) => {
      const { schemas, out } = await layOut(dir, ['contact', 'thing'], true);
      await writeFile(path.join(out, 'contact', 'types.ts'), '// mine\n');
      const run = await runCli(['generate', 'thing', '--schemas', schemas, '--out', out]);

      expect(run.status).toBe(1);
      expect(run.err.filter((line) => line.includes(': error: '))).toEqual([
        expect.stringMatching(/contact\/types\.ts:1:1: error: not a generated file; /),
      ]);
      expect(await readFile(path.join(out, 'contact', 'types.ts'), 'utf8')).toBe('// mine\n');
    });
  });

  it('names a pipe it cannot copy where it is in the output folder', async () => {
    await withTempDir(async (dir) => {
      const { schemas, out } = await layOut(dir, ['contact'], true);
      await mkdir(path.join(out, 'notes'));
      spawnSync('mkfifo', [path.join(out, 'notes', 'pipe')]);
      await appendFile(path.join(out, 'contact', 'types.ts'), '// edited\n');
      const run = await runCli(['generate', 'contact', '--schemas', schemas, '--out', out]);

      expect(run.status).toBe(1);
      const [error = ''] = run.err.filter((line) => line.includes(': error: '));
      expect(error).toMatch(`${out}/notes/pipe:1:1: error: cannot write the output folder: `);
      expect(error).not.toMatch('.generated.staging-');
    });
  });

  it('writes the components missing from the output folder along with the named one', async () => {
    await withTempDir(async (dir) => {
      const { schemas, out } = await layOut(dir, ['contact', 'thing'], false);
      const run = await runCli(['generate', 'contact', '--schemas', schemas, '--out', out]);

      expect(run.status).toBe(0);
      expect(run.err.filter((line) => line.includes('index imports it'))).toEqual([
        `${out}/thing:1:1: warning: missing or out of date in the output folder, and the index ` +
          'imports it: generated as well',
      ]);
      expect((await readdir(out)).sort()).toEqual([
        'client.ts',
        'contact',
        'index.ts',
        'runtime',
        'thing',
      ]);

      // A folder that lacks what the index imports is missing too.
      await rm(path.join(out, 'thing', 'codec.ts'));
      const check = await runCli([
        'generate',
        'contact',
        '--check',
        '--schemas',
        schemas,
        '--out',
        out,
      ]);
      expect(check.status).toBe(1);
      expect(check.err).toContain(
        `${out}/thing:1:1: warning: missing or out of date in the output folder, and the index ` +
          'imports it: compared as well',
      );
      await runCli(['generate', 'contact', '--schemas', schemas, '--out', out, '--quiet']);
      expect(await readdir(path.join(out, 'thing'))).toContain('codec.ts');
    });
  });

  it('counts the files it removes apart from those it writes', async () => {
    await withTempDir(async (dir) => {
      const { schemas, out } = await layOut(dir, ['contact', 'thing'], true);
      await rm(path.join(schemas, 'thing'), { recursive: true });
      const run = await runCli(['generate', '--schemas', schemas, '--out', out]);

      expect(run.out.filter((line) => line.startsWith('write'))).toEqual([
        `write   ${path.relative(process.cwd(), out)}/: 2 files written, 4 removed`,
      ]);
    });
  });

  it('refuses an unknown component name', async () => {
    const run = await runCli([
      'generate',
      'nosuch',
      '--schemas',
      SCHEMAS_DIR,
      '--out',
      '/nonexistent',
    ]);
    expect(run.status).toBe(1);
    expect(run.err[0]).toMatch(
      /schemas\/nosuch:1:1: error: no component named "nosuch" \(known: contact\)$/,
    );
  });
});
