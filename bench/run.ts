// `npm run bench`: measures the generated code against the alternatives an integrator would
// otherwise use, side by side in one run. Each round runs every task of a group once, each
// in a fresh process, in alternating order; the table shows the median of the rounds.
// Parsing is measured twice: on contacts that carry every field, and on contacts that each
// lack some optional fields, as real registers do, so that the reader meets many shapes.
//
//   npm run bench -- [--contacts 100000] [--large 1000000] [--rounds 5] [--only parse,get]
//                    [--node <path of the Node that runs directo-codegen in the generate group>]
//
// Results are printed as a table and written to bench/results/latest.json; a run of some
// groups only (--only) writes bench/results/partial.json instead, so that the full table of
// the last full run stays.

import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { benchGeneration, type GenerationRow } from './generation.js';
import { formatTable, summarise, type Measurement, type Row } from './report.js';
import type { TaskInput } from './tasks.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'directo-bench');
const TOKEN = 'bench-token';
const ALL_GROUPS = ['parse', 'get', 'put', 'generate'];

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '100000' },
    large: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '5' },
    only: { type: 'string', default: ALL_GROUPS.join(',') },
    node: { type: 'string', default: process.execPath },
  },
});
const contacts = Number(values.contacts);
const large = Number(values.large);
const rounds = Number(values.rounds);
const only = new Set(values.only.split(','));

await mkdir(CACHE, { recursive: true });
const rows: Row[] = [];
let generation: GenerationRow[] = [];

const small = await withSampleServer(contacts, async (url) => {
  const document = await download(url, path.join(CACHE, `contacts-${contacts}.xml`));
  const warmUpDocument = await download(url, path.join(CACHE, 'warm-up.xml'), 2000);
  if (only.has('parse')) {
    const tasks = [
      'parse:parseContacts',
      'parse:fast-xml-parser',
      'parse:saxes',
      'parse:byte-scan',
    ];
    rows.push(...(await group('parse', tasks, { document, warmUpDocument })));
  }
  if (only.has('get')) {
    const tasks = ['get:iterate', 'get:fetch-text'];
    rows.push(...(await group(`get ${contacts}`, tasks, { url, token: TOKEN })));
  }
  return `${(Buffer.byteLength(await readFile(document, 'utf8')) / 1e6).toFixed(1)} MB`;
});
if (only.has('parse')) {
  await withSampleServer(
    contacts,
    async (url) => {
      const document = await download(url, path.join(CACHE, `contacts-${contacts}-sparse.xml`));
      const warmUpDocument = path.join(CACHE, 'warm-up.xml');
      const tasks = ['parse:parseContacts', 'parse:fast-xml-parser'];
      rows.push(...(await group('parse sparse', tasks, { document, warmUpDocument })));
    },
    'sparse',
  );
}
if (only.has('get') && large > 0) {
  await withSampleServer(large, async (url) => {
    const tasks = ['get:iterate', 'get:fetch-text'];
    rows.push(...(await group(`get ${large}`, tasks, { url, token: TOKEN })));
  });
}
if (only.has('put')) {
  const tasks = ['put:serializeContacts', 'put:XMLBuilder'];
  rows.push(...(await group('put', tasks, { contacts })));
}
if (only.has('generate')) generation = await benchGeneration(ROOT, rounds, log, values.node);

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`;
log('');
log(formatTable(rows, generation));
log(`\n${machine}; ${contacts} contacts = ${small}`);
const results = { machine, contacts, large, rounds, rows, generation };
await mkdir(path.join(ROOT, 'bench', 'results'), { recursive: true });
const isFull = ALL_GROUPS.every((name) => only.has(name));
const resultsFile = path.join(ROOT, 'bench', 'results', isFull ? 'latest.json' : 'partial.json');
await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
log(`written to ${path.relative(ROOT, resultsFile)}`);

// Runs each task of a group once per round, alternating the order, after one warm-up round.
async function group(name: string, tasks: readonly string[], input: TaskInput): Promise<Row[]> {
  const measured = new Map<string, Measurement[]>(tasks.map((task) => [task, []]));
  for (let round = 0; round <= rounds; round += 1) {
    const order = round % 2 === 0 ? tasks : [...tasks].reverse();
    for (const task of order) {
      const measurement = measure(task, input);
      if (round > 0) measured.get(task)?.push(measurement);
    }
    log(`${name}: round ${round === 0 ? 'warm-up' : round} of ${rounds}`);
  }

  return summarise(name, tasks, measured);
}

function measure(task: string, input: TaskInput): Measurement {
  const run = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      path.join(ROOT, 'bench', 'measure.ts'),
      task,
      JSON.stringify(input),
    ],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (run.status !== 0) throw new Error(`${task} failed:\n${run.stderr}`);

  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as Measurement;
}

// Starts bench/sample-server.ts serving `count` contacts, for the duration of `body`; with
// `sparse`, the contacts lack some of their optional fields.
async function withSampleServer<T>(
  count: number,
  body: (url: string) => Promise<T>,
  shape: 'full' | 'sparse' = 'full',
): Promise<T> {
  const server = path.join(ROOT, 'bench', 'sample-server.ts');
  const args = ['--import', 'tsx', server, String(count), TOKEN];
  const child = spawn(process.execPath, shape === 'sparse' ? [...args, 'sparse'] : args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', () => reject(new Error('the sample server exited')));
  });
  try {
    return await body(url);
  } finally {
    child.kill('SIGTERM');
  }
}

// Saves the server's answer (or its first `limit` records, whole) as a document file.
async function download(url: string, file: string, limit?: number): Promise<string> {
  const response = await fetch(`${url}?get=1&what=contact`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: TOKEN }).toString(),
  });
  let text = await response.text();
  if (limit !== undefined) {
    const end = nthIndex(text, '</contact>', limit);
    text = `${text.slice(0, end)}</contacts></transport>\n`;
  }
  await writeFile(file, text);
  const megabytes = (Buffer.byteLength(text) / 1e6).toFixed(1);
  log(`data: ${path.relative(ROOT, file)}, ${megabytes} MB`);

  return file;
}

function nthIndex(text: string, needle: string, n: number): number {
  let at = -1;
  for (let i = 0; i < n; i += 1) at = text.indexOf(needle, at + 1);
  return at + needle.length;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}
