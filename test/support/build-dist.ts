// Vitest global setup: some tests run the `directo-codegen` command itself, which runs the
// compiled `dist/`, so it is rebuilt from the sources under test before any test starts.
// It also says up front when the tests that read ../shared will be skipped, since the
// default reporter shows a skipped test's name, which says why, only when asked.

import { execFileSync } from 'node:child_process';

import { HAS_SHARED, REPO_ROOT, SHARED_XSD_DIR } from './paths.js';

export default function buildDist(): void {
  execFileSync('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (!HAS_SHARED) {
    process.stderr.write(
      `${SHARED_XSD_DIR} is missing: the tests that read the published Directo schemas ` +
        'are skipped (run with --reporter=verbose to see which)\n',
    );
  }
}
