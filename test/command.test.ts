import { execFile, spawnSync } from 'node:child_process';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import module from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { snapshotDir } from './support/cli.js';
import { writeComponent } from './support/components.js';
import { schemaText } from './support/fixtures.js';
import { REPO_ROOT, SCHEMAS_DIR, withTempDir } from './support/paths.js';

const BIN = path.join(REPO_ROOT, 'bin', 'directo-codegen.js');
/** Node 22.1 and later can keep compiled code between runs. */
const HAS_COMPILE_CACHE = 'enableCompileCache' in module;

interface CommandRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

// The command as a build runs it: a separate process on the compiled generator.
async function runCommand(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<CommandRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, ...env },
    });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the directo-codegen command', () => {
  it('generates the bundled contacts exactly as the committed generated/', async () => {
    await withTempDir(async (dir) => {
      const run = await runCommand(['generate', '--schemas', SCHEMAS_DIR, '--out', dir], dir);

      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^done {4}1 component, \d+ files in \d+\.\d\d s$/m);
      expect(await snapshotDir(dir)).toEqual(await snapshotDir(path.join(REPO_ROOT, 'generated')));
    });
  });

  it('exits 1 with a compiler-style line on a bad schema and writes nothing', async () => {
    await withTempDir(async (dir) => {
      const schemas = path.join(dir, 'schemas');
      await writeComponent(schemas, 'thing', {
        'ws_things.xsd': schemaText({ attributes: '<xsd:attribute name="x">' }),
      });
      const run = await runCommand(['generate', '--out', 'out'], dir);

      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/^schemas\/thing\/ws_things\.xsd:\d+:\d+: error: malformed XML/m);
      expect(await snapshotDir(path.join(dir, 'out'))).toEqual({});
    });
  });

  it('prints its version and exits 2 on a usage error', async () => {
    const version = await runCommand(['--version'], REPO_ROOT);
    const usage = await runCommand(['generate', '--nope'], REPO_ROOT);

    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('--nope');
  });

  it("keeps V8's compiled code where Node can; a damaged cache changes nothing", async () => {
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'package.json'), '{ "name": "integration" }\n');
      const args = ['generate', '--schemas', SCHEMAS_DIR, '--out', 'out', '--force'];
      const first = await runCommand(args, dir);
      const kept = path.join(dir, 'node_modules', '.cache', 'directo-codegen', 'v8');
      const files = await filesUnder(kept);
      // Much of the TypeScript compiler, which ts-morph carries; Node 20 keeps nothing.
      if (HAS_COMPILE_CACHE) expect(await totalSize(files)).toBeGreaterThan(1_000_000);
      else expect(files).toEqual([]);

      for (const file of files) await writeFile(file, Buffer.alloc((await stat(file)).size, 7));
      const second = await runCommand(args, dir);

      expect([first.status, second.status]).toEqual([0, 0]);
      expect(await snapshotDir(path.join(dir, 'out'))).toEqual(
        await snapshotDir(path.join(REPO_ROOT, 'generated')),
      );
    });
  });

  it('runs from a working folder that has been removed', async () => {
    await withTempDir(async (dir) => {
      const script = 'mkdir gone && cd gone && rmdir ../gone && exec "$0" "$1" --help';
      const run = spawnSync('sh', ['-c', script, process.execPath, BIN], {
        cwd: dir,
        encoding: 'utf8',
      });

      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^Usage: directo-codegen generate/);
    });
  });

  it('keeps no compiled code when told not to, or outside a project', async () => {
    await withTempDir(async (dir) => {
      const project = path.join(dir, 'project');
      await mkdir(project);
      await writeFile(path.join(project, 'package.json'), '{ "name": "integration" }\n');
      const args = ['generate', '--schemas', SCHEMAS_DIR, '--out', 'out'];
      const disabled = await runCommand(args, project, { NODE_DISABLE_COMPILE_CACHE: '1' });
      const outside = await runCommand(args, dir);

      expect([disabled.status, outside.status]).toEqual([0, 0]);
      const cache = path.join(project, 'node_modules', '.cache', 'directo-codegen');
      expect(await filesUnder(path.join(cache, 'v8'))).toEqual([]);
      expect(await filesUnder(path.join(dir, 'node_modules'))).toEqual([]);
    });
  });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);

  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

async function totalSize(files: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const file of files) bytes += (await stat(file)).size;

  return bytes;
}
