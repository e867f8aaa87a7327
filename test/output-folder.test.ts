// The output folder: replaced as a whole and atomically, so the generator refuses to write
// where it would destroy what it did not write, and turns file system failures into one-line
// errors that leave everything as it was.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import {
  chmod,
  lstat,
  mkdir,
  readdir,
  readFile,
  symlink,
  truncate,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { generateWithPreload, runCli, snapshotDir } from './support/cli.js';
import { SCHEMAS_DIR, withTempDir } from './support/paths.js';

describe('generate and its output folder', () => {
  it('refuses an output folder holding files it did not write, and keeps them', async () => {
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'package.json'), '{}');
      await mkdir(path.join(dir, 'contact'));
      await writeFile(path.join(dir, 'contact', 'notes.md'), 'mine');
      const before = await snapshotDir(dir);
      const run = await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', dir]);

      expect(run.status).toBe(1);
      expect(run.err.filter((line) => line.includes(': error: '))).toEqual([
        `${dir}/contact/notes.md:1:1: error: not a generated file; ` +
          'the output folder is replaced as a whole, so it may hold only generated files: ' +
          'move this one, or choose another --out',
        expect.stringMatching(/\/package\.json:1:1: error: not a generated file; /),
      ]);
      expect(await snapshotDir(dir)).toEqual(before);
    });
  });

  it('refuses an empty schemas folder rather than empty the output folder', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'out');
      await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--quiet']);
      const before = await snapshotDir(out);
      await mkdir(path.join(dir, 'empty'));
      const run = await runCli(['generate', '--schemas', path.join(dir, 'empty'), '--out', out]);

      expect(run.status).toBe(1);
      expect(run.err).toContainEqual(
        expect.stringMatching(/empty:1:1: error: no component folders here/),
      );
      expect(await snapshotDir(out)).toEqual(before);
    });
  });

  it('refuses a file as the output folder, in one line', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'afile');
      await writeFile(file, 'mine');
      const run = await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', file]);
      const nested = await Promise.all(
        ['x', 'x/y'].map((under) =>
          runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', `${file}/${under}`]),
        ),
      );

      const errors = (lines: string[]) => lines.filter((line) => line.includes(': error: '));
      expect(run.status).toBe(1);
      expect(errors(run.err)).toEqual([
        `${file}:1:1: error: the output folder is a file, not a folder`,
      ]);
      for (const each of nested) {
        expect(each.status).toBe(1);
        expect(errors(each.err)).toEqual([
          `${file}:1:1: error: cannot write the output folder: this is a file, where its path ` +
            'needs a folder',
        ]);
      }
      expect(await readdir(dir)).toEqual(['afile']);
    });
  });

  it('touches nothing beside the output folder, and writes through a link to it', async () => {
    await withTempDir(async (dir) => {
      for (const name of ['out.previous', 'out.staging', 'real']) {
        await mkdir(path.join(dir, name));
        if (name !== 'real') await writeFile(path.join(dir, name, 'mine.txt'), 'keep');
      }
      await symlink(path.join(dir, 'real'), path.join(dir, 'out'));
      const run = await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', `${dir}/out`]);

      expect(run.status).toBe(0);
      expect((await lstat(path.join(dir, 'out'))).isSymbolicLink()).toBe(true);
      expect(await readdir(path.join(dir, 'real'))).toContain('index.ts');
      expect((await readdir(dir)).sort()).toEqual(['out', 'out.previous', 'out.staging', 'real']);
      expect(await readFile(path.join(dir, 'out.previous', 'mine.txt'), 'utf8')).toBe('keep');
    });
  });

  it('follows `..` after a link as the system does, to the folder the link leads to', async () => {
    await withTempDir(async (dir) => {
      await mkdir(path.join(dir, 'deep', 'x', 'y'), { recursive: true });
      await mkdir(path.join(dir, 'real'));
      await writeFile(path.join(dir, 'real', 'notes.txt'), 'mine');
      await symlink('deep/x/y', path.join(dir, 'a'));
      // Seen from deep/x/y, ../real is deep/x/real, though a/../real reads as dir/real.
      await symlink('../real', path.join(dir, 'deep', 'x', 'y', 'out'));
      const run = await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', `${dir}/a/out`]);

      expect(run.status).toBe(0);
      expect(await readdir(path.join(dir, 'real'))).toEqual(['notes.txt']);
      expect(await readdir(path.join(dir, 'deep', 'x', 'real'))).toContain('index.ts');
    });
  });

  it('refuses a link that goes up out of a folder that does not exist', async () => {
    await withTempDir(async (dir) => {
      await mkdir(path.join(dir, 'real'));
      // The system finds nothing at missing/..; mkdir -p would make missing, then go up.
      await symlink('missing/../real', path.join(dir, 'out'));
      const run = await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', `${dir}/out`]);

      expect(run.status).toBe(1);
      expect(run.err.filter((line) => line.includes(': error: '))).toEqual([
        `${dir}/out:1:1: error: the output folder is reached by going up (\`..\`) out of ` +
          `${dir}/missing, which does not exist; name the folder without it`,
      ]);
      expect((await readdir(dir)).sort()).toEqual(['out', 'real']);
      expect(await readdir(path.join(dir, 'real'))).toEqual([]);
    });
  });

  it('gives a new output folder the usual permissions, and keeps those of an old one', async () => {
    await withTempDir(async (dir) => {
      const fresh = path.join(dir, 'fresh');
      const kept = path.join(dir, 'kept');
      const usual = path.join(dir, 'usual');
      await mkdir(usual);
      await mkdir(kept);
      await chmod(kept, 0o750);
      for (const out of [fresh, kept]) {
        await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--quiet']);
      }
      const mode = async (folder: string) => (await lstat(folder)).mode & 0o7777;

      expect(await mode(fresh)).toBe(await mode(usual));
      expect(await mode(kept)).toBe(0o750);
      expect(await readdir(kept)).toContain('index.ts');
    });
  });

  it('refuses to overwrite a file it did not write when generating one component', async () => {
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'index.ts'), 'export const mine = 1;\n');
      const run = await runCli(['generate', 'contact', '--schemas', SCHEMAS_DIR, '--out', dir]);

      expect(run.status).toBe(1);
      expect(run.err).toContainEqual(
        expect.stringMatching(/\/index\.ts:1:1: error: not a generated file; /),
      );
      expect(await snapshotDir(dir)).toEqual({ 'index.ts': 'export const mine = 1;\n' });
    });
  });

  it('names at most ten files not written by it, for an --out naming a large folder', async () => {
    await withTempDir(async (dir) => {
      for (let n = 0; n < 30; n += 1) await writeFile(path.join(dir, `f${n}.txt`), '');
      const run = await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', dir]);

      const errors = run.err.filter((line) => line.includes(': error: '));
      expect(errors.filter((line) => line.includes(': not a generated file;'))).toHaveLength(10);
      expect(errors[10]).toMatch(/: error: not a generated file either, and more may follow; /);
      expect(errors).toHaveLength(11);
    });
  });

  it('replaces a generated file of any size, reading no more than its size', async () => {
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'package.json'), '{}');
      const out = path.join(dir, 'out');
      await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--quiet']);
      const codec = path.join(out, 'contact', 'codec.ts');
      const expected = await readFile(codec, 'utf8');
      // Sparse, so it takes no room; longer than the longest string V8 can make.
      await truncate(codec, 600 * 2 ** 20);
      const run = await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--quiet']);

      expect(run.status).toBe(0);
      expect(await readFile(codec, 'utf8')).toBe(expected);
    });
  });

  it('refuses a folder in it whose name is not UTF-8, and keeps what it holds', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'out');
      await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--quiet']);
      const odd = Buffer.concat([Buffer.from(`${out}/odd`), Buffer.from([0xff])]);
      mkdirSync(odd);
      writeFileSync(Buffer.concat([odd, Buffer.from('/notes.txt')]), 'mine');
      const run = await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--force']);

      expect(run.status).toBe(1);
      expect(run.err.filter((line) => line.includes(': error: '))).toEqual([
        `${out}/odd\uFFFD:1:1: error: cannot read this folder in the output folder: its name ` +
          'is not valid UTF-8, or it was removed during the run',
      ]);
      expect(readFileSync(Buffer.concat([odd, Buffer.from('/notes.txt')]), 'utf8')).toBe('mine');
    });
  });

  it('never waits on a file replaced by a pipe after it was looked at', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'out');
      await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--quiet']);
      const before = await snapshotDir(out);
      const codec = path.join(out, 'contact', 'codec.ts');
      // Whatever looks at the file first sees it as it was; then it becomes a pipe, which a
      // read would wait on for good.
      const preload = `
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
const codec = ${JSON.stringify(codec)};
let isSwapped = false;
for (const name of ['lstatSync', 'statSync', 'openSync']) {
  const original = fs[name];
  fs[name] = (...args) => {
    const result = original(...args);
    if (args[0] === codec && !isSwapped) {
      isSwapped = true;
      fs.unlinkSync(codec);
      spawnSync('mkfifo', [codec]);
      process.stderr.write('replaced by a pipe\\n');
    }
    return result;
  };
}
syncBuiltinESMExports();
`;
      const run = generateWithPreload(preload, ['--schemas', SCHEMAS_DIR, '--out', out], dir);

      expect(run.stderr).toContain('replaced by a pipe');
      expect(run.signal).toBeNull();
      expect(run.status).toBe(0);
      expect(await snapshotDir(out)).toEqual(before);
    });
  });

  // Mounting needs root and a system that lets it; elsewhere the test says so and skips.
  it.runIf(canMount())(
    'says why a mount point as the output folder cannot be replaced',
    async () => {
      await withTempDir(async (dir) => {
        const out = path.join(dir, 'out');
        await mkdir(out);
        spawnSync('mount', ['-t', 'tmpfs', 'directo-test', out]);
        try {
          const run = await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out]);

          expect(run.err.filter((line) => line.includes(': error: '))).toEqual([
            `${out}:1:1: error: cannot write the output folder: resource busy or locked; an ` +
              'output folder that is a mount point cannot be replaced: mount its parent, or ' +
              'give --out a folder inside it',
          ]);
          expect(await readdir(out)).toEqual([]);
        } finally {
          spawnSync('umount', [out]);
        }
      });
    },
  );
});

// Whether this process may mount a file system, tried once on a folder of its own.
function canMount(): boolean {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'directo-mount-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', 'directo-test', dir]).status === 0;
  if (mounted) spawnSync('umount', [dir]);
  rmSync(dir, { recursive: true });

  return mounted;
}
