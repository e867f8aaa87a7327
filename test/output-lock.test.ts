// One generation at a time writes an output folder: runs into the same folder take turns,
// a lock left by a killed run is taken over, and one held elsewhere is waited for, then
// named in an error.

import { spawnSync } from 'node:child_process';
import {
  appendFile,
  lutimes,
  mkdir,
  readdir,
  readFile,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { InputError } from '../generator/diagnostics.js';
import { lockFileFor, lockOutputFolder } from '../generator/write/output-lock.js';
import { RUN_TAG } from '../generator/write/run-identity.js';
import { generateWithPreload, runCli } from './support/cli.js';
import { SCHEMAS_DIR, withTempDir } from './support/paths.js';

// The number of a process that has exited.
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined) throw new Error('no child process');

  return child.pid;
}

describe('the output folder lock', () => {
  it('makes runs into one folder take turns, so nothing in it is lost', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'out');
      await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--quiet']);
      await writeFile(path.join(out, 'NOTES.md'), 'mine');
      const args = ['generate', 'contact', '--schemas', SCHEMAS_DIR, '--out', out];
      const runs = await Promise.all(Array.from({ length: 6 }, () => runCli(args)));

      expect(runs.map((run) => run.status)).toEqual([0, 0, 0, 0, 0, 0]);
      const waited = runs.flatMap((run) => run.out).filter((line) => line.includes('waiting'));
      expect(waited[0]).toMatch(`waiting for process ${process.pid}, which is writing `);
      expect(await readFile(path.join(out, 'NOTES.md'), 'utf8')).toBe('mine');
      expect(await readdir(dir)).toEqual(['out']);
    });
  });

  it('takes over a lock left by a run that was killed', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'out');
      await writeFile(lockFileFor(out), JSON.stringify({ tag: RUN_TAG, pid: deadPid() }));
      const run = await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out]);

      expect(run.status).toBe(0);
      expect(run.out.filter((line) => line.includes('waiting'))).toEqual([]);
      expect(await readdir(dir)).toEqual(['out']);
    });
  });

  it('waits for a lock held on another machine, then names it in an error', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'out');
      await mkdir(out);
      await writeFile(lockFileFor(out), JSON.stringify({ tag: '00000000', pid: 1 }));
      const waits: string[] = [];
      const locking = lockOutputFolder(out, (owner) => waits.push(owner), 300);

      await expect(locking).rejects.toThrow(InputError);
      const error = (await locking.catch((caught: unknown) => caught)) as InputError;
      expect(error.diagnostics[0]?.location.file).toBe(lockFileFor(out));
      expect(error.diagnostics[0]?.message).toMatch(
        /^another generation \(process 1 of another machine or container\) has held this lock/,
      );
      expect(waits).toEqual(['process 1 of another machine or container']);
    });
  });

  it('releases only its own lock', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'out');
      const release = await lockOutputFolder(out, () => undefined);
      const other = JSON.stringify({ tag: RUN_TAG, pid: process.pid, nonce: 'other' });
      await writeFile(lockFileFor(out), other);
      await release();

      expect(await readFile(lockFileFor(out), 'utf8')).toBe(other);
    });
  });

  it('takes over an empty lock, a link or a pipe, once unchanged for a while', async () => {
    await withTempDir(async (dir) => {
      const long = new Date(Date.now() - 60_000);
      await writeFile(path.join(dir, 'a file'), 'not a lock');
      for (const [name, make] of [
        ['empty', (file: string) => writeFile(file, '')],
        ['link', (file: string) => symlink(path.join(dir, 'nowhere'), file)],
        ['link to a file', (file: string) => symlink(path.join(dir, 'a file'), file)],
        ['pipe', async (file: string) => void spawnSync('mkfifo', [file])],
      ] as const) {
        const out = path.join(dir, name);
        await make(lockFileFor(out));
        await lutimes(lockFileFor(out), long, long);
        const waits: string[] = [];
        const release = await lockOutputFolder(out, (owner) => waits.push(owner), 300);
        await release();

        expect(waits).toEqual([]);
      }
      expect(await readdir(dir)).toEqual(['a file']);
    });
  });

  it('waits for a lock that is still empty, as a lock being written in place may be', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'out');
      await writeFile(lockFileFor(out), '');
      setTimeout(() => void rm(lockFileFor(out)), 300);
      const waits: string[] = [];
      const release = await lockOutputFolder(out, (owner) => waits.push(owner), 5_000);
      await release();

      expect(waits).toEqual(['a run']);
    });
  });

  it('removes the drafts and set-aside locks of killed runs, and only those', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'out');
      const lock = lockFileFor(out);
      const dead = deadPid();
      const nonce = '0123456789abcdef';
      const left = [
        `${lock}.draft-${RUN_TAG}-${dead}-${nonce}`,
        `${lock}.gone-${RUN_TAG}-${dead}-${nonce}`,
      ];
      const kept = [
        `${lock}.draft-${RUN_TAG}-${process.pid}-${nonce}`,
        `${lock}.gone-0000ffff-${dead}-${nonce}`,
        `${lock}.draft-${RUN_TAG}-${dead}-notanonce`,
        `${lockFileFor(path.join(dir, 'other'))}.draft-${RUN_TAG}-${dead}-${nonce}`,
      ];
      for (const file of [...left, ...kept]) await writeFile(file, '{}');
      const release = await lockOutputFolder(out, () => undefined);
      await release();

      const names = kept.map((file) => path.basename(file)).sort();
      expect((await readdir(dir)).sort()).toEqual(names);
    });
  });

  it('goes on when a lock file, or a draft of one, may not be removed', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'out');
      const draft = `${lockFileFor(out)}.draft-${RUN_TAG}-${deadPid()}-0123456789abcdef`;
      await writeFile(draft, '{}');
      // Every removal of the lock and its drafts fails, the run's own lock's included.
      const args = ['--out', out, '--schemas', SCHEMAS_DIR, '--quiet'];
      const child = generateWithPreload(REFUSE_REMOVING_LOCK_FILES, args, dir);

      expect([
        child.status,
        child.stderr.split('\n').filter((line) => line.includes('error')),
      ]).toEqual([0, []]);
      expect(await readdir(path.join(out, 'contact'))).toContain('codec.ts');
      // What was left is taken over and removed by the next run, which may remove it.
      const run = await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--force']);
      expect(run.status).toBe(0);
      expect((await readdir(dir)).sort()).toEqual(['out', 'preload.mjs']);
    });
  });

  it('names a lock of an ended run that it may not take over', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'out');
      await writeFile(lockFileFor(out), JSON.stringify({ tag: RUN_TAG, pid: deadPid() }));
      const args = ['--out', out, '--schemas', SCHEMAS_DIR, '--quiet'];
      const child = generateWithPreload(REFUSE_MOVING_LOCKS, args, dir);

      expect(child.status).toBe(1);
      expect(child.stderr.split('\n').filter((line) => line.includes(': error: '))).toEqual([
        `${lockFileFor(out)}:1:1: error: cannot take over this lock, left by a run that has ` +
          'ended: operation not permitted; its owner or an administrator must remove it',
      ]);
    });
  });

  it('finishes a write before stopping on an interrupt', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'out');
      await runCli(['generate', '--schemas', SCHEMAS_DIR, '--out', out, '--quiet']);
      await appendFile(path.join(out, 'contact', 'types.ts'), '// edited\n');
      const args = ['--out', out, '--schemas', SCHEMAS_DIR];
      const child = generateWithPreload(INTERRUPT_AT_SWAP, args, dir);

      expect(child.signal).toBe('SIGINT');
      expect(await readFile(path.join(out, 'contact', 'types.ts'), 'utf8')).not.toMatch(/edited/);
      expect((await readdir(dir)).sort()).toEqual(['out', 'preload.mjs']);
    });
  });
});

// A preload that interrupts the run just as it sets the output folder aside.
const INTERRUPT_AT_SWAP = `
import fs from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
const rename = fs.rename;
fs.rename = async (from, to) => {
  if (String(to).includes('.previous-')) process.kill(process.pid, 'SIGINT');
  return rename(from, to);
};
syncBuiltinESMExports();
`;

// A preload under which removing a lock file or a draft of one fails, as another user's
// in a shared folder would.
const REFUSE_REMOVING_LOCK_FILES = `
import fs from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
const rm = fs.rm;
fs.rm = async (file, options) => {
  if (/[.]lock([.]draft-.*)?$/.test(String(file))) {
    throw Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' });
  }
  return rm(file, options);
};
syncBuiltinESMExports();
`;

// A preload under which moving a lock aside fails, as in a shared folder where only its
// owner may rename it.
const REFUSE_MOVING_LOCKS = `
import fs from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
const rename = fs.rename;
fs.rename = async (from, to) => {
  if (String(to).includes('.lock.gone-')) {
    const message = "EPERM: operation not permitted, rename '" + from + "' -> '" + to + "'";
    throw Object.assign(new Error(message), { code: 'EPERM', path: from });
  }
  return rename(from, to);
};
syncBuiltinESMExports();
`;
