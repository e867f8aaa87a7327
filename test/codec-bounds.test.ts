// Hostile get responses of tens of megabytes, each parsed in a child process whose heap is
// a few times the input: parsing must refuse them with a typed error in memory near the
// input's own size, where a parser building a tree of them would run out and crash.

import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { HOSTILE_RESPONSES } from './support/hostile-parse.js';
import { REPO_ROOT } from './support/paths.js';

const SCRIPT = path.join(REPO_ROOT, 'test', 'support', 'hostile-parse.ts');
const HEAP_MB = 128;

const EXPECTED_KINDS: Readonly<Record<string, string>> = {
  'an HTML page': 'unexpected-root',
  'millions of unclosed elements': 'unexpected-element',
  'nesting inside a record': 'unexpected-element',
  'an attribute that never ends': 'malformed',
  'a comment that never ends': 'malformed',
  'records, then an unknown element': 'unexpected-element',
};

interface Outcome {
  readonly kind: string;
  readonly inputMB: number;
  readonly growthMB: number;
}

function parseInChild(name: string): Outcome {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', `--max-old-space-size=${HEAP_MB}`, SCRIPT, name],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);

  return JSON.parse(run.stdout) as Outcome;
}

describe(`parseContacts with a ${HEAP_MB} MB heap`, () => {
  it('knows every hostile response the child builds', () => {
    expect(Object.keys(HOSTILE_RESPONSES).sort()).toEqual(Object.keys(EXPECTED_KINDS).sort());
  });

  it.each(Object.entries(EXPECTED_KINDS))('refuses %s without running out', (name, kind) => {
    const outcome = parseInChild(name);

    expect(outcome.kind).toBe(kind);
    expect(outcome.inputMB).toBeGreaterThan(10);
    if (name.startsWith('records')) return;
    expect(outcome.growthMB).toBeLessThan(outcome.inputMB * 1.5 + 16);
  });
});
