import { appendFile, cp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { InputError } from '../generator/diagnostics.js';
import { generate, type GenerateOptions } from '../generator/generate.js';
import type { Logger } from '../generator/logger.js';
import {
  cacheFileFor,
  digestInputs,
  digestTree,
  readCacheEntry,
  writeCacheEntry,
} from '../generator/write/generation-cache.js';
import { snapshotDir } from './support/cli.js';
import { GOLDEN_DIR, SCHEMAS_DIR, TEMPLATES_DIR, withTempDir } from './support/paths.js';

interface Run {
  readonly emit: string;
  readonly isCached: boolean;
}

// A project of an integrator's: a package.json, node_modules, and copies of the schemas and
// templates that the tests may change.
async function withProject(body: (project: string, run: Runner) => Promise<void>) {
  await withTempDir(async (project) => {
    await writeFile(path.join(project, 'package.json'), '{ "private": true }\n');
    await mkdir(path.join(project, 'node_modules'));
    await cp(SCHEMAS_DIR, path.join(project, 'schemas'), { recursive: true });
    await cp(TEMPLATES_DIR, path.join(project, 'templates'), { recursive: true });
    await body(project, (overrides = {}) => runIn(project, overrides));
  });
}

type Runner = (overrides?: Partial<GenerateOptions>) => Promise<Run>;

async function runIn(project: string, overrides: Partial<GenerateOptions>): Promise<Run> {
  const out: string[] = [];
  const logger: Logger = {
    error: () => undefined,
    warn: () => undefined,
    info: (line) => out.push(line),
    debug: () => undefined,
  };
  const options: GenerateOptions = {
    schemasDir: path.join(project, 'schemas'),
    outDir: path.join(project, 'generated'),
    templatesDir: path.join(project, 'templates'),
    components: [],
    check: false,
    force: false,
    ...overrides,
  };
  const result = await generate(options, logger);

  return { emit: out.find((line) => line.startsWith('emit')) ?? '', isCached: result.isCached };
}

// Emitting the bundled contacts gives the golden files.
const GOLDEN_FILES = Object.keys(await snapshotDir(GOLDEN_DIR)).length;
const EMITTED = `emit    ${GOLDEN_FILES} files for 1 component`;
const SKIPPED = 'emit    skipped: nothing changed since the last run (--force emits anyway)';

describe('the generation cache', () => {
  it('skips emitting when nothing changed, leaving the output as it was', async () => {
    await withProject(async (project, run) => {
      expect(await run()).toEqual({ emit: EMITTED, isCached: false });
      const first = await snapshotDir(path.join(project, 'generated'));

      expect(await run()).toEqual({ emit: SKIPPED, isCached: true });
      expect(await snapshotDir(path.join(project, 'generated'))).toEqual(first);
      const cacheDir = path.join(project, 'node_modules', '.cache', 'directo-codegen');
      expect(await readdir(cacheDir)).toHaveLength(1);
    });
  });

  it('forgets output folders that are gone', async () => {
    await withProject(async (project, run) => {
      const cacheDir = path.join(project, 'node_modules', '.cache', 'directo-codegen');
      const elsewhere = path.join(project, 'elsewhere');
      await run({ outDir: elsewhere });
      await run();
      expect(await readdir(cacheDir)).toHaveLength(2);

      await rm(elsewhere, { recursive: true });
      await run({ force: true });
      const kept = cacheFileFor(path.join(project, 'generated')) ?? '';
      expect(await readdir(cacheDir)).toEqual([path.basename(kept)]);
    });
  });

  it('emits again when a schema comment changes, and the output follows it', async () => {
    await withProject(async (project, run) => {
      await run();
      const schema = path.join(project, 'schemas', 'contact', 'ws_kontaktid.xsd');
      const text = await readFile(schema, 'utf8');
      await writeFile(schema, text.replace('UI|Kontaktisik|', 'UI|Kontaktisiku nimi|'));

      expect(await run()).toEqual({ emit: EMITTED, isCached: false });
      const types = path.join(project, 'generated', 'contact', 'types.ts');
      expect(await readFile(types, 'utf8')).toContain('Kontaktisiku nimi');
      expect((await run()).isCached).toBe(true);
    });
  });

  it('emits again when a template changes', async () => {
    await withProject(async (project, run) => {
      await run();
      const template = path.join(project, 'templates', 'component-readme.md.hbs');
      await writeFile(template, `${await readFile(template, 'utf8')}\nA closing line.\n`);

      expect((await run()).isCached).toBe(false);
      const readme = path.join(project, 'generated', 'contact', 'README.md');
      expect(await readFile(readme, 'utf8')).toContain('A closing line.');
    });
  });

  it('restores an output file edited by hand or deleted', async () => {
    await withProject(async (project, run) => {
      await run();
      const out = path.join(project, 'generated');
      const fresh = await snapshotDir(out);

      const types = path.join(out, 'contact', 'types.ts');
      await writeFile(types, `${await readFile(types, 'utf8')}// edited by hand\n`);
      expect((await run()).isCached).toBe(false);
      expect(await snapshotDir(out)).toEqual(fresh);

      await rm(path.join(out, 'runtime', 'parse.ts'));
      expect((await run()).isCached).toBe(false);
      expect(await snapshotDir(out)).toEqual(fresh);
    });
  });

  it('emits with force, and when only some components are asked for', async () => {
    await withProject(async (_, run) => {
      await run();

      expect((await run({ force: true })).isCached).toBe(false);
      expect((await run({ components: ['contact'] })).isCached).toBe(false);
      expect((await run({ components: ['contact'] })).isCached).toBe(true);
    });
  });

  it('keeps an entry per selection, so builds may alternate between them', async () => {
    await withProject(async (project, run) => {
      await run();
      await run({ components: ['contact'] });

      expect((await run()).isCached).toBe(true);
      expect((await run({ components: ['contact'] })).isCached).toBe(true);
      await appendFile(path.join(project, 'generated', 'contact', 'types.ts'), '// edited\n');
      expect((await run()).isCached).toBe(false);
      expect((await run({ components: ['contact'] })).isCached).toBe(true);
    });
  });

  it('sees a link or an empty folder left in the output folder', async () => {
    await withProject(async (project, run) => {
      await run();
      const contact = path.join(project, 'generated', 'contact');
      await mkdir(path.join(contact, 'empty'));

      expect((await run()).isCached).toBe(false);
      await symlink('types.ts', path.join(contact, 'alias.ts'));
      await expect(run()).rejects.toThrow(InputError);
    });
  });

  it('is never trusted by --check', async () => {
    await withProject(async (project, run) => {
      await run();
      const out = path.join(project, 'generated');
      await writeFile(path.join(out, 'contact', 'types.ts'), '// edited by hand\n');
      const file = cacheFileFor(out) ?? '';
      const entry = await readCacheEntry(file);
      if (entry === undefined) throw new Error(`no cache entry in ${file}`);
      await writeCacheEntry(file, { ...entry, output: digestTree(out) });

      expect((await run()).isCached).toBe(true);
      await expect(run({ check: true })).resolves.toEqual({ emit: EMITTED, isCached: false });
    });
  });

  it('treats an unreadable entry as a miss', async () => {
    await withProject(async (project, run) => {
      await run();
      const file = cacheFileFor(path.join(project, 'generated')) ?? '';
      await writeFile(file, '{ "version": 1, "inputs": ');

      expect(await run()).toEqual({ emit: EMITTED, isCached: false });
      expect((await run()).isCached).toBe(true);
    });
  });

  it('keeps nothing for an output folder that no project holds', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'generated');
      expect(cacheFileFor(out)).toBeUndefined();
      const options = { components: [], check: false, force: false };
      const quiet = { error() {}, warn() {}, info() {}, debug() {} };
      const paths = { schemasDir: SCHEMAS_DIR, outDir: out, templatesDir: TEMPLATES_DIR };

      expect((await generate({ ...paths, ...options }, quiet)).isCached).toBe(false);
      expect((await generate({ ...paths, ...options }, quiet)).isCached).toBe(false);
    });
  });
});

describe('digestInputs', () => {
  it('tells apart data that prints alike', () => {
    const digests = [
      { a: '1' },
      { a: 1 },
      { a: true },
      { a: 'true' },
      ['ab'],
      ['a', 'b'],
      { ab: 'c' },
      { a: 'bc' },
      { a: null },
      {},
    ].map((value) => digestInputs(value, TEMPLATES_DIR));

    expect(new Set(digests).size).toBe(digests.length);
    expect(digestInputs({ a: 1, b: undefined }, TEMPLATES_DIR)).toBe(digests[1]);
  });

  it('refuses data with no plain form rather than digest it as empty', () => {
    expect(() => digestInputs({ fields: new Map([['a', 1]]) }, TEMPLATES_DIR)).toThrow(
      'cannot digest a [object Map]',
    );
  });
});
