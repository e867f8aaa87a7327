// The output folder: replaced as a whole and atomically, so the generator refuses to write
// where it would destroy what it did not write, and turns file system failures into one-line
// errors that leave everything as it was.

import { spawnSync } from 'node:child_process';
import {
  appendFile,
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { describe, expect, it } from 'vitest';

import { STALE_AFTER_MS, workFolderPrefix } from '../generator/write/abandoned-folders.js';
import { type CliRun, runCli, snapshotDir } from './support/cli.js';
import { REPO_ROOT, SCHEMAS_DIR, withTempDir } from './support/paths.js';

// Starts a write as the generator does, from the built generator in a process of its own,
// and kills that process outright: after making its staging folder, or (`swap`) after also
// moving the output folder aside. Returns the folders it left.
function killedWrite(target: string, upTo: 'staging' | 'swap'): string[] {
  const module = pathToFileURL(path.join(REPO_ROOT, 'dist/generator/write/abandoned-folders.js'));
  const script = [
    `import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';`,
    `import { workFolderPrefix } from '${module.href}';`,
    `const target = ${JSON.stringify(target)};`,
    `const staging = mkdtempSync(workFolderPrefix(target, 'staging'));`,
    `writeFileSync(staging + '/index.ts', '// half written');`,
    `const left = [staging];`,
    `if (${JSON.stringify(upTo)} === 'swap') {`,
    `  left.push(mkdtempSync(workFolderPrefix(target, 'previous')));`,
    `  renameSync(target, left[1]);`,
    `}`,
    `process.stdout.write(JSON.stringify(left));`,
    `process.kill(process.pid, 'SIGKILL');`,
  ].join('\n');
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  expect(child.signal).toBe('SIGKILL');

  return JSON.parse(child.stdout) as string[];
}

// Makes a folder look unchanged since longer ago than a write could take.
async function age(folder: string): Promise<void> {
  const then = new Date(Date.now() - STALE_AFTER_MS - 1000);
  await utimes(folder, then, then);
}

const warnings = (run: CliRun) => run.err.filter((line) => !line.includes(': warning: field'));

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

  it('removes the staging folder of a run killed outright, and nothing else', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'out');
      const [abandoned = ''] = killedWrite(out, 'staging');
      const [recent = ''] = killedWrite(out, 'staging');
      await age(abandoned);
      // A live process's folder, another machine's, one naming a process number the system
      // cannot have, a file and a link named like abandoned folders, a user's folder, and a
      // folder a killed run wrote a moment ago all stay.
      const live = await mkdtemp(workFolderPrefix(out, 'staging'));
      const elsewhere = path.basename(abandoned).replace(/-[0-9a-f]{8}-/, '-00000000-');
      const noSuchPid = path.basename(abandoned).replace(/-[0-9]+-(?=.{6}$)/, '-99999999999-');
      for (const name of [elsewhere, noSuchPid]) await mkdir(path.join(dir, name));
      await writeFile(`${abandoned.slice(0, -6)}afile1`, 'mine');
      await symlink(dir, `${abandoned.slice(0, -6)}alink1`);
      await mkdir(path.join(dir, '.out.staging-notes'));
      const kept = (await readdir(dir)).filter((name) => name !== path.basename(abandoned));
      // Only its age spares the other killed run's folder.
      for (const folder of [live, elsewhere, noSuchPid]) await age(path.resolve(dir, folder));
      expect(recent).not.toBe('');
      const run = await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out]);

      expect(run.status).toBe(0);
      expect(warnings(run)).toEqual([
        `${abandoned}:1:1: warning: removed this folder, left by a generation that was killed`,
      ]);
      expect((await readdir(dir)).sort()).toEqual([...kept, 'out'].sort());
    });
  });

  it('puts back an output folder that a killed run had moved aside', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'out');
      await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--quiet']);
      await writeFile(path.join(out, 'NOTES.md'), 'mine');
      const before = await snapshotDir(out);
      const [staging = '', previous = ''] = killedWrite(out, 'swap');
      expect(await readdir(dir)).not.toContain('out');
      await age(staging);
      // An empty set-aside folder, as a run killed a moment earlier leaves, comes first.
      const empty = `${previous.slice(0, -6)}000000`;
      await mkdir(empty);
      const run = await runCli(['generate', 'contact', '--schemas', SCHEMAS_DIR, '--out', out]);

      expect(run.status).toBe(0);
      expect(warnings(run)).toEqual([
        `${empty}:1:1: warning: removed this folder, left by a generation that was killed`,
        `${previous}:1:1: warning: the output folder, set aside by a generation killed while ` +
          'replacing it; put back',
        `${staging}:1:1: warning: removed this folder, left by a generation that was killed`,
      ]);
      expect(await readdir(dir)).toEqual(['out']);
      expect(await snapshotDir(out)).toEqual(before);
    });
  });

  // A run killed once its new tree is in place, before or while the old one is removed.
  const killedAfterSwap = [
    [
      'as it renames the old tree for removal',
      'rename',
      /^\.out\.previous-/,
      'left by a generation that was killed',
    ],
    [
      'while it removes the old tree',
      'rm',
      /^\.out\.old-/,
      'an old output folder that an earlier generation did not finish removing',
    ],
  ] as const;

  it.each(killedAfterSwap)(
    'never puts back an old tree, for a run killed %s',
    async (_when, call, leftName, said) => {
      await withTempDir(async (dir) => {
        const out = path.join(dir, 'work', 'out');
        await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--quiet']);
        await appendFile(path.join(out, 'contact', 'types.ts'), '// an old tree\n');
        const hook = path.join(dir, 'kill.mjs');
        await writeFile(hook, killAfterSwap(call));
        const bin = path.join(REPO_ROOT, 'bin', 'directo-codegen.js');
        const args = ['--import', pathToFileURL(hook).href, bin, 'generate', '--out', out];
        const child = spawnSync(process.execPath, [...args, '--schemas', SCHEMAS_DIR]);
        expect(child.signal).toBe('SIGKILL');
        const left = (await readdir(path.dirname(out))).sort();
        expect(left).toEqual(['.out.lock', expect.stringMatching(leftName), 'out']);

        // Even with the output folder since deleted, the old tree is only removed.
        await rm(out, { recursive: true });
        const run = await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out]);
        expect(warnings(run)).toEqual([
          `${path.join(dir, 'work', left[1] ?? '')}:1:1: warning: removed this folder, ${said}`,
        ]);
        expect(await readdir(path.dirname(out))).toEqual(['out']);
        const types = await readFile(path.join(out, 'contact', 'types.ts'), 'utf8');
        expect(types).not.toMatch(/old tree/);
      });
    },
  );

  it('puts back the folder a link points to, when a killed run had moved it aside', async () => {
    await withTempDir(async (dir) => {
      const real = path.join(dir, 'build', 'real');
      const out = path.join(dir, 'out');
      await mkdir(path.dirname(real));
      await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', real, '--quiet']);
      await symlink(real, out);
      await writeFile(path.join(real, 'NOTES.md'), 'mine');
      const before = await snapshotDir(real);
      const [staging = ''] = killedWrite(real, 'swap');
      await age(staging);
      const run = await runCli(['generate', 'contact', '--schemas', SCHEMAS_DIR, '--out', out]);

      expect(run.status).toBe(0);
      expect(warnings(run)).toHaveLength(2);
      expect((await lstat(out)).isSymbolicLink()).toBe(true);
      expect(await readdir(path.dirname(real))).toEqual(['real']);
      expect(await snapshotDir(real)).toEqual(before);
    });
  });
});

// A preload that kills the run outright once the new tree is in place: as it renames the
// old tree to an old- folder (`rename`), or as it starts removing it (`rm`).
function killAfterSwap(call: 'rename' | 'rm'): string {
  const watched = call === 'rename' ? 'to' : 'from';
  return `
import fs from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
const original = fs.${call};
fs.${call} = async (from, to) => {
  if (/[.]old-/.test(String(${watched}))) process.kill(process.pid, 'SIGKILL');
  return original(from, to);
};
syncBuiltinESMExports();
`;
}
