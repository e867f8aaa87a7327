// Medians and the printed table.

import type { GenerationRow } from './generation.js';

/** One child process's measurement. */
export interface Measurement {
  readonly seconds: number;
  readonly bytes: number;
  readonly records: number;
  readonly peakBytes: number;
}

/** The medians of one task over the rounds. */
export interface Row {
  readonly group: string;
  readonly task: string;
  readonly megabytesPerSecond: number;
  readonly recordsPerSecond: number;
  readonly peakMegabytes: number;
  /** Peak memory over the bytes processed. */
  readonly peakPerByte: number;
  /** Throughput over that of the group's first task. */
  readonly relative: number;
  readonly rounds: readonly Measurement[];
}

export function summarise(
  group: string,
  tasks: readonly string[],
  measured: ReadonlyMap<string, readonly Measurement[]>,
): Row[] {
  const rows = tasks.map((task) => {
    const runs = measured.get(task) ?? [];
    const bytes = runs[0]?.bytes ?? 0;
    const seconds = median(runs.map((run) => run.seconds));
    const peak = median(runs.map((run) => run.peakBytes));
    return {
      group,
      task,
      megabytesPerSecond: bytes / 1e6 / seconds,
      recordsPerSecond: (runs[0]?.records ?? 0) / seconds,
      peakMegabytes: peak / 1e6,
      peakPerByte: bytes === 0 ? 0 : peak / bytes,
      relative: 0,
      rounds: runs,
    };
  });
  const first = rows[0]?.megabytesPerSecond ?? 1;

  return rows.map((row) => ({ ...row, relative: row.megabytesPerSecond / first }));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The results as a Markdown table, as the README shows them. */
export function formatTable(rows: readonly Row[], generation: readonly GenerationRow[]): string {
  const lines = [
    '| Group | Task | MB/s | records/s | peak MB | peak / input | × first |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) =>
      [
        row.group,
        row.task,
        row.megabytesPerSecond.toFixed(1),
        row.recordsPerSecond === 0 ? '' : Math.round(row.recordsPerSecond).toLocaleString('en'),
        row.peakMegabytes.toFixed(0),
        row.peakPerByte.toFixed(2),
        row.relative.toFixed(2),
      ].join(' | '),
    ),
  ].map((line) => (line.startsWith('| ') ? line : `| ${line} |`));
  if (generation.length === 0) return lines.join('\n');

  const generated = [
    '',
    '| Generation | Run | Components | XSD files | Seconds (median) |',
    '| --- | --- | ---: | ---: | ---: |',
    ...generation.map((row) =>
      [`| ${row.tool}`, row.mode, row.components, row.files, `${row.seconds.toFixed(2)} |`].join(
        ' | ',
      ),
    ),
  ];
  return [...lines, ...generated].join('\n');
}
