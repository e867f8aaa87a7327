// Paths the tests share: the repository, and the real Directo files kept beside it in
// ../shared, which may be absent. Tests that need those say so in their name and skip.

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SCHEMAS_DIR = path.join(REPO_ROOT, 'schemas');
export const TEMPLATES_DIR = path.join(REPO_ROOT, 'templates');
export const CONTACT_DIR = path.join(SCHEMAS_DIR, 'contact');
/** What generating the bundled contact schemas must give, file for file. */
export const GOLDEN_DIR = path.join(REPO_ROOT, 'test', 'golden');

/** The real published Directo schemas for customers and items. */
export const SHARED_XSD_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'directo', 'xsd');

/** True when ../shared holds the real schemas. */
export const HAS_SHARED = existsSync(path.join(SHARED_XSD_DIR, 'ws_kliendid.xsd'));

/** Appended to the names of tests that need ../shared, so a skip explains itself. */
export const NEEDS_SHARED = HAS_SHARED
  ? ''
  : ` (skipped: ${SHARED_XSD_DIR} is missing, so the real Directo schemas cannot be read)`;

/** Runs `body` in a fresh temporary folder, removed afterwards. */
export async function withTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  return inFreshDir(tmpdir(), body);
}

/**
 * Like withTempDir, but inside node_modules/.cache, where generated code can resolve its
 * runtime dependency (fast-xml-parser) when it is compiled or imported.
 */
export async function withProjectTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const cache = path.join(REPO_ROOT, 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });

  return inFreshDir(cache, body);
}

async function inFreshDir<T>(parent: string, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(parent, 'directo-codegen-'));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
