// Vitest global setup: some tests run the `directo-codegen` command itself, which runs the
// compiled `dist/`, so it is rebuilt from the sources under test before any test starts.

import { execFileSync } from 'node:child_process';

import { REPO_ROOT } from './paths.js';

export default function buildDist(): void {
  execFileSync('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
}
