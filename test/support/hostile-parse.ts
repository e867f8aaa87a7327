// Run in a child process with a small heap by codec-bounds.test.ts: builds one hostile get
// response, parses it, and prints the error kind with the peak memory above the input's.
// A parser that held such input in a tree would exhaust the heap and crash instead.

import { parseContacts } from '../../generated/contact/index.js';
import { DirectoParseError } from '../../generated/index.js';

const MB = 1024 * 1024;

/** The hostile responses, each about 20 to 30 MB. */
export const HOSTILE_RESPONSES: Readonly<Record<string, () => string>> = {
  'an HTML page': () =>
    `<html><body>${'<div class="row"><span>Bad gateway</span></div>\n'.repeat(400_000)}` +
    '</body></html>',
  'millions of unclosed elements': () => `<transport>${'<contacts>'.repeat(2_500_000)}`,
  'nesting inside a record': () =>
    `<transport><contacts><contact>${'<x>'.repeat(4_000_000)}${'</x>'.repeat(4_000_000)}` +
    '</contact></contacts></transport>',
  'an attribute that never ends': () =>
    `<transport><contacts><contact name="${'x'.repeat(30 * MB)}`,
  'a comment that never ends': () => `<transport><!--${'-x'.repeat(12 * MB)}`,
  'records, then an unknown element': () =>
    `<transport><contacts>${'<contact code="1" name="Mari"/>\n'.repeat(400_000)}<bogus/>` +
    '</contacts></transport>',
};

function main(name: string): void {
  const build = HOSTILE_RESPONSES[name];
  if (build === undefined) throw new Error(`no hostile response named "${name}"`);
  const xml = build();
  const before = process.resourceUsage().maxRSS * 1024;

  let kind = 'none';
  try {
    parseContacts(xml);
  } catch (error) {
    if (!(error instanceof DirectoParseError)) throw error;
    kind = error.kind;
  }
  const growth = process.resourceUsage().maxRSS * 1024 - before;
  process.stdout.write(
    `${JSON.stringify({ kind, inputMB: xml.length / MB, growthMB: growth / MB })}\n`,
  );
}

if (process.argv[2] !== undefined) main(process.argv[2]);
