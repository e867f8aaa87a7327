import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { snapshotDir } from './support/cli.js';
import { writeComponent } from './support/components.js';
import { schemaText } from './support/fixtures.js';
import { REPO_ROOT, SCHEMAS_DIR, withTempDir } from './support/paths.js';

const BIN = path.join(REPO_ROOT, 'bin', 'directo-codegen.js');

interface CommandRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

// The command as a build runs it: a separate process on the compiled generator.
async function runCommand(args: readonly string[], cwd: string): Promise<CommandRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd,
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
});
