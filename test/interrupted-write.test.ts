// A write cut short: a run killed outright, or one whose swap failed and could not be undone.
// The next run cleans up after it, putting back an output folder set aside mid-swap and
// removing everything else, so that nothing the output folder held is lost and no old tree
// ever comes back.

import { spawnSync } from 'node:child_process';
import {
  appendFile,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { describe, expect, it } from 'vitest';

import { STALE_AFTER_MS, workFolderPrefix } from '../generator/write/abandoned-folders.js';
import { type CliRun, generateWithPreload, runCli, snapshotDir } from './support/cli.js';
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

describe('a write cut short', () => {
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
        `${abandoned}:1:1: warning: removed this folder, left by a generation that was cut short`,
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
      const check = await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--check']);
      const said = warnings(check).filter((line) => line.includes(': warning: '));
      expect([check.status, said]).toEqual([
        1,
        [
          `${previous}:1:1: warning: the output folder, set aside by a generation cut short; ` +
            'generate puts it back',
        ],
      ]);
      await age(staging);
      // An empty set-aside folder, as a run killed a moment earlier leaves, comes first.
      const empty = `${previous.slice(0, -6)}000000`;
      await mkdir(empty);
      const run = await runCli(['generate', 'contact', '--schemas', SCHEMAS_DIR, '--out', out]);

      expect(run.status).toBe(0);
      expect(warnings(run)).toEqual([
        `${empty}:1:1: warning: removed this folder, left by a generation that was cut short`,
        `${previous}:1:1: warning: the output folder, set aside by a generation cut short while ` +
          'replacing it; put back',
        `${staging}:1:1: warning: removed this folder, left by a generation that was cut short`,
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
      'left by a generation that was cut short',
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
        const child = generateWith(killAfterSwap(call), out, dir);
        expect(child.signal).toBe('SIGKILL');
        const left = (await readdir(path.dirname(out))).sort();
        expect(left).toEqual(['.out.lock', expect.stringMatching(leftName), 'out']);

        // Even with the output folder since deleted, the old tree is only removed.
        await rm(out, { recursive: true });
        const check = await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--check']);
        expect(check.err.filter((line) => line.includes('set aside'))).toEqual([]);
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

  it('keeps a folder it could not put back after a failed swap, for the next run', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'work', 'out');
      await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--quiet']);
      await appendFile(path.join(out, 'contact', 'types.ts'), '// edited\n');
      const before = await snapshotDir(out);
      const failed = generateWith(failingRename("String(to).endsWith('/out')", 'EIO'), out, dir);

      expect(failed.status).toBe(1);
      const [setAside = ''] = (await readdir(path.dirname(out))).filter((name) =>
        name.startsWith('.out.previous-'),
      );
      expect(failed.stderr).toContain(
        `${path.join(dir, 'work', setAside)}:1:1: error: cannot write the output folder: ` +
          'failed; the old output folder is set aside here, and the next run puts it back',
      );
      const run = await runCli(['generate', 'contact', '--schemas', SCHEMAS_DIR, '--out', out]);
      expect(run.status).toBe(0);
      expect(warnings(run)).toEqual([
        `${path.join(dir, 'work', setAside)}:1:1: warning: the output folder, set aside by a ` +
          'generation cut short while replacing it; put back',
      ]);
      const types = await readFile(path.join(out, 'contact', 'types.ts'), 'utf8');
      expect(types).not.toMatch(/edited/);
      const kept = await snapshotDir(out);
      expect(Object.keys(kept).sort()).toEqual(Object.keys(before).sort());
    });
  });

  it('leaves the output folder in place when it cannot be set aside', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'work', 'out');
      await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--quiet']);
      await appendFile(path.join(out, 'contact', 'types.ts'), '// edited\n');
      const before = await snapshotDir(out);
      // The folder made to set it aside can be neither filled nor removed.
      const hook = failingRename("String(to).includes('.out.previous-')", 'EACCES') + FAILING_RM;
      const failed = generateWith(hook, out, dir);

      expect(failed.status).toBe(1);
      expect(failed.stderr).toContain(
        `${out}:1:1: error: cannot write the output folder: failed\n`,
      );
      expect(await snapshotDir(out)).toEqual(before);
      expect((await readdir(path.dirname(out))).filter((name) => name !== 'out')).toEqual([
        expect.stringMatching(/^\.out\.previous-/),
      ]);
      const run = await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--quiet']);
      expect(run.status).toBe(0);
      expect(await readdir(path.dirname(out))).toEqual(['out']);
    });
  });

  it('stops, writing nothing, when it cannot put back a set-aside output folder', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'work', 'out');
      await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--quiet']);
      const before = await snapshotDir(out);
      const [staging = '', previous = ''] = killedWrite(out, 'swap');
      // Old enough to be removed, but for the folder it marks as one to put back.
      await age(staging);
      const hook = failingRename("String(from).includes('.out.previous-')", 'EIO');
      const failed = generateWith(hook, out, dir);

      expect(failed.status).toBe(1);
      expect(failed.stderr).toContain(
        `${previous}:1:1: error: cannot put back the output folder, set aside here by a ` +
          `generation cut short while replacing it: failed; move it back to ` +
          `${path.relative(process.cwd(), out)} by hand`,
      );
      expect((await readdir(path.dirname(out))).sort()).toEqual(
        [path.basename(previous), path.basename(staging)].sort(),
      );
      const run = await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--quiet']);
      expect(run.status).toBe(0);
      expect(await snapshotDir(out)).toEqual(before);
    });
  });

  it('puts back an output folder set aside, over an empty folder made in its place', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'out');
      await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--quiet']);
      const before = await snapshotDir(out);
      killedWrite(out, 'swap');
      await mkdir(out);
      const run = await runCli(['generate', 'contact', '--schemas', SCHEMAS_DIR, '--out', out]);

      expect(run.status).toBe(0);
      expect(warnings(run).filter((line) => line.includes('put back'))).toHaveLength(1);
      expect(await snapshotDir(out)).toEqual(before);
    });
  });

  it('stops rather than write over a folder set aside by a run that may be going', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'out');
      await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--quiet']);
      // Left by a run whose process number is in use again: this one's, which runs.
      const killed = killedWrite(out, 'swap');
      const left = killed.map((folder) => folder.replace(/-[0-9]+-(?=.{6}$)/, `-${process.pid}-`));
      await Promise.all(killed.map((folder, i) => rename(folder, left[i] ?? '')));
      const message =
        `the output folder, set aside by a generation (process ${process.pid}) that is still ` +
        'going or was cut short on another machine sharing this folder; if no generation is ' +
        'running, move it back in place of the output folder by hand';

      const check = await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--check']);
      expect(check.err).toContain(`${left[1]}:1:1: warning: ${message}`);
      const run = await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out]);
      expect([run.status, run.err.filter((line) => line.includes(': error: '))]).toEqual([
        1,
        [`${left[1]}:1:1: error: ${message}`],
      ]);
      expect((await readdir(dir)).sort()).toEqual(left.map((f) => path.basename(f)).sort());
    });
  });

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

// A preload that makes each rename for which `matches` (an expression of `from` and `to`)
// holds fail with the system error `code`, as a full or failing disk, or permissions, may.
function failingRename(matches: string, code: string): string {
  return `
import fs from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
const rename = fs.rename;
fs.rename = async (from, to) => {
  if (${matches}) {
    const message = '${code}: failed, rename ' + "'" + from + "' -> '" + to + "'";
    throw Object.assign(new Error(message), { code: '${code}', path: from });
  }
  return rename(from, to);
};
syncBuiltinESMExports();
`;
}

// Added to a preload: removing a set-aside folder fails as well.
const FAILING_RM = `
const rm = fs.rm;
fs.rm = async (folder, options) => {
  if (String(folder).includes('.out.previous-')) {
    throw Object.assign(new Error('EIO: failed, rm'), { code: 'EIO', path: folder });
  }
  return rm(folder, options);
};
syncBuiltinESMExports();
`;

// Runs generate into `out` with the preload `hook`, in a process of its own.
function generateWith(hook: string, out: string, dir: string) {
  return generateWithPreload(hook, ['--out', out, '--schemas', SCHEMAS_DIR], dir);
}
