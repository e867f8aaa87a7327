import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { CompileCache } from '../generator/compile-cache.js';
import { withTempDir } from './support/paths.js';

// A stand-in for Node's module.enableCompileCache that records the folders it was given.
function recordingCache(): { cache: CompileCache; folders: (string | undefined)[] } {
  const folders: (string | undefined)[] = [];
  const cache = new CompileCache((folder) => folders.push(folder));

  return { cache, folders };
}

describe('the compile cache', () => {
  it("starts once, in the project's cache folder, when the process allows it", async () => {
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'package.json'), '{ "name": "integration" }\n');
      const nested = path.join(dir, 'src', 'build');
      await mkdir(nested, { recursive: true });
      const { cache, folders } = recordingCache();
      const before = cache.start();
      cache.allow(nested);
      const started = cache.start();
      const again = cache.start();

      const folder = path.join(dir, 'node_modules', '.cache', 'directo-codegen', 'v8');
      expect([before, started, again]).toEqual([undefined, folder, undefined]);
      expect(folders).toEqual([folder]);
    });
  });

  it('keeps nothing outside a project, or where Node cannot', async () => {
    await withTempDir(async (dir) => {
      const { cache, folders } = recordingCache();
      cache.allow(dir);
      const withoutNode = new CompileCache(undefined);
      withoutNode.allow(dir);

      expect([cache.start(), withoutNode.start()]).toEqual([undefined, undefined]);
      expect(folders).toEqual([]);
    });
  });
});
