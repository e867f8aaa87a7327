// One measurement, run in a fresh child process so that each has its own heap and its peak
// memory can be read from the kernel: `node --import tsx bench/measure.ts <task> <json>`.
// Prints one line of JSON: seconds, bytes, records and peak memory above the baseline.
//
// The baseline is taken after the input is loaded and collected; the kernel's peak-RSS mark
// is then reset, so the peak reported is what the task itself added.

import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import { TASKS, type TaskInput } from './tasks.js';

const [name, json] = process.argv.slice(2);
const task = TASKS[name ?? ''];
if (task === undefined || json === undefined) {
  process.stderr.write(`usage: measure.ts <${Object.keys(TASKS).join('|')}> <json>\n`);
  process.exit(2);
}
const input = JSON.parse(json) as TaskInput;

const prepared = await task.prepare(input);
await prepared.warmUp?.();
collect();
const baseline = kernelMemory().rss;
resetPeak();

const started = performance.now();
const outcome = await prepared.run();
const seconds = (performance.now() - started) / 1000;
const { peak } = kernelMemory();

process.stdout.write(
  `${JSON.stringify({ seconds, ...outcome, peakBytes: Math.max(0, peak - baseline) })}\n`,
);

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  gc();
  gc();
}

function kernelMemory(): { rss: number; peak: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]);

  return { rss: kb('VmRSS') * 1024, peak: kb('VmHWM') * 1024 };
}

// Writing 5 to clear_refs sets the peak-RSS mark to the current RSS (Linux 4.0 and later).
function resetPeak(): void {
  writeFileSync('/proc/self/clear_refs', '5');
}
