// Generation as a whole process, as a build runs it: directo-codegen against xsdata (the
// Debian package python3-xsdata) on the same schema files, then directo-codegen on growing
// numbers of components copied from the real ones, to show how time grows.
//
// directo-codegen runs in two ways: emitting everything (--force, as after a change to the
// schemas), and with nothing changed since the last run (as most builds), where its cache
// skips emitting. Where the Node that runs it keeps compiled code (22.1 and later; see
// generator/compile-cache.ts), emitting on the real schemas is also timed without that
// cache, as on a project's first run. `--node <path>` runs directo-codegen on another Node.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** The median wall time of one generator on one set of components. */
export interface GenerationRow {
  readonly tool: string;
  readonly mode: GenerationMode;
  readonly components: number;
  readonly files: number;
  readonly seconds: number;
}

interface Source {
  readonly name: string;
  readonly dir: string;
}

const SYNTHETIC_COUNTS = [10, 25, 50];

/** How a generator ran: see the header. */
export type GenerationMode = 'emit' | 'emit, no compile cache' | 'nothing changed';

const CODEGEN_MODES: readonly GenerationMode[] = ['emit', 'nothing changed'];

export async function benchGeneration(
  root: string,
  rounds: number,
  log: (line: string) => void,
  node = process.execPath,
): Promise<GenerationRow[]> {
  const { version, hasCompileCache } = describeNode(node);
  const tool = `directo-codegen, Node ${version}`;
  const realModes = hasCompileCache
    ? [...CODEGEN_MODES, 'emit, no compile cache' as const]
    : CODEGEN_MODES;
  const work = path.join(root, 'node_modules', '.cache', 'directo-bench', 'generation');
  await rm(work, { recursive: true, force: true });
  const sources = await realSources(root, work, log);
  const real = path.join(work, 'real');
  await copyComponents(sources, real, sources.length);
  const xsdFiles = await collectXsd(real);

  const rows: GenerationRow[] = [];
  const hasXsdata = spawnSync('xsdata', ['--help'], { encoding: 'utf8' }).status === 0;
  const xsdata = () => runXsdata(real, path.join(work, 'xsdata'));
  const jobs = realModes.map((mode) => () => runCodegen(node, root, real, `${real}-out`, mode));
  const timings = await alternate(rounds, hasXsdata ? [...jobs, xsdata] : jobs);
  const components = sources.length;
  const files = xsdFiles.length;
  realModes.forEach((mode, index) => {
    const seconds = median(timings[index] ?? []);
    rows.push({ tool, mode, components, files, seconds });
  });
  if (hasXsdata) {
    const seconds = median(timings[realModes.length] ?? []);
    rows.push({ tool: 'xsdata', mode: 'emit', components, files, seconds });
  } else log('generation: xsdata is not installed (see the README, Performance); skipped');
  log('generation: real schemas done');

  for (const count of SYNTHETIC_COUNTS) {
    const dir = path.join(work, `synthetic-${count}`);
    await copyComponents(sources, dir, count);
    const files = (await collectXsd(dir)).length;
    const synthetic = CODEGEN_MODES.map(
      (mode) => () => runCodegen(node, root, dir, `${dir}-out`, mode),
    );
    const times = await alternate(rounds, synthetic);
    CODEGEN_MODES.forEach((mode, index) => {
      const seconds = median(times[index] ?? []);
      rows.push({ tool, mode, components: count, files, seconds });
    });
    log(`generation: ${count} components done`);
  }

  return rows;
}

// The bundled contacts, and the published customers and items when ../shared is present.
async function realSources(root: string, work: string, log: (line: string) => void) {
  const sources: Source[] = [{ name: 'contact', dir: path.join(root, 'schemas', 'contact') }];
  const shared = path.resolve(root, '..', 'shared', 'directo', 'xsd');
  if (!existsSync(shared)) {
    log(`generation: ${shared} is missing; only the contact schemas are used`);
    return sources;
  }
  for (const [name, files] of [
    ['customer', ['ws_kliendid.xsd', 'xml_IN_kliendid.xsd']],
    ['item', ['ws_artiklid.xsd', 'xml_IN_artiklid.xsd']],
  ] as const) {
    const dir = path.join(work, 'shared', name);
    await mkdir(dir, { recursive: true });
    for (const file of files) await copyFile(path.join(shared, file), path.join(dir, file));
    sources.push({ name, dir });
  }
  return sources;
}

// `count` component folders cycling through the sources, each with its own `what`.
async function copyComponents(sources: readonly Source[], into: string, count: number) {
  for (let n = 0; n < count; n += 1) {
    const source = sources[n % sources.length] as Source;
    const suffix = count === sources.length ? '' : String(n + 1).padStart(2, '0');
    const dir = path.join(into, `${source.name}${suffix}`);
    await mkdir(dir, { recursive: true });
    for (const file of await readdir(source.dir)) {
      if (file !== 'component.json')
        await copyFile(path.join(source.dir, file), path.join(dir, file));
    }
    if (suffix !== '') {
      await writeFile(
        path.join(dir, 'component.json'),
        JSON.stringify({ what: `${source.name}${suffix}` }),
      );
    }
  }
}

async function collectXsd(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries
    .filter((entry) => entry.endsWith('.xsd'))
    .map((entry) => path.join(dir, entry))
    .sort();
}

function runCodegen(
  node: string,
  root: string,
  schemas: string,
  out: string,
  mode: GenerationMode,
): void {
  const bin = path.join(root, 'bin', 'directo-codegen.js');
  const args = [bin, 'generate', '--schemas', schemas, '--out', out, '--quiet'];
  const env = mode === 'emit, no compile cache' ? { NODE_DISABLE_COMPILE_CACHE: '1' } : {};
  run(node, mode === 'nothing changed' ? args : [...args, '--force'], root, env);
}

// The version of the Node at `node`, and whether it can keep compiled code.
function describeNode(node: string): { version: string; hasCompileCache: boolean } {
  const script =
    "process.stdout.write(process.version + ' ' + ('enableCompileCache' in require('module')))";
  const answer = spawnSync(node, ['-e', script], { encoding: 'utf8' });
  if (answer.status !== 0) throw new Error(`${node} does not run: ${answer.stderr}`);
  const [version = '', hasCache] = answer.stdout.split(' ');

  return { version, hasCompileCache: hasCache === 'true' };
}

// xsdata reads every XSD under the folder and writes a Python package into the current one.
function runXsdata(schemas: string, out: string): void {
  spawnSync('mkdir', ['-p', out]);
  run('xsdata', ['generate', schemas, '--recursive', '--package', 'directo'], out);
}

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): void {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.slice(0, 3).join(' ')} failed:\n${result.stderr}${result.stdout}`,
    );
  }
}

// Runs each job once per round, alternating the order, and returns their wall times.
async function alternate(rounds: number, jobs: readonly (() => void)[]): Promise<number[][]> {
  const times = jobs.map((): number[] => []);
  for (let round = 0; round <= rounds; round += 1) {
    const order = jobs.map((_, index) => index);
    if (round % 2 === 1) order.reverse();
    for (const index of order) {
      const started = performance.now();
      jobs[index]?.();
      if (round > 0) times[index]?.push((performance.now() - started) / 1000);
    }
  }
  return times;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
