// What a generation prints: one line per stage saying what it did, with its time in debug
// output, and the warnings the schemas raised.

import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { compareDiagnostics, formatDiagnostic, type Diagnostic } from './diagnostics.js';
import type { Logger } from './logger.js';
import type { ComponentModel, RecordType } from './model/component-model.js';
import type { ComponentSources } from './model/to-component-model.js';
import type { TreeDifference } from './write/output-tree.js';

/** Prints a stage's line, and in debug output its time since the last stage. */
export function timer(logger: Logger): (name: string, summary: string) => void {
  let last = performance.now();

  return (name, summary) => {
    const now = performance.now();
    logger.info(`${name.padEnd(7)} ${summary}`);
    logger.debug(`        ${name} took ${(now - last).toFixed(1)} ms`);
    last = now;
  };
}

// Warnings and notes are printed here; errors travel in the InputError to the caller.
/** Prints warnings, and notes in debug output. */
export function printWarnings(diagnostics: readonly Diagnostic[], logger: Logger): void {
  for (const diagnostic of [...diagnostics].sort(compareDiagnostics)) {
    const line = formatDiagnostic(diagnostic, process.cwd());
    if (diagnostic.severity === 'warning') logger.warn(line);
    else if (diagnostic.severity === 'note') logger.debug(line);
  }
}

/** The read stage's line: what was found. */
export function describeSources(sources: readonly ComponentSources[]): string {
  const schemas = sources.reduce((n, s) => n + (s.output ? 1 : 0) + (s.input ? 1 : 0), 0);
  const tables = sources.filter((source) => source.table !== undefined).length;

  const files = [plural(schemas, 'schema file'), plural(tables, 'field table')].join(', ');
  return `${plural(sources.length, 'component')}: ${files}`;
}

/** The model stage's line: how much was merged, and how many warnings. */
export function describeModels(
  models: readonly ComponentModel[],
  diagnostics: readonly Diagnostic[],
): string {
  const records: RecordType[] = [];
  const visit = (record: RecordType) => {
    records.push(record);
    record.children.forEach((child) => visit(child.record));
  };
  models.forEach((model) =>
    [model.output?.record, model.input?.record].forEach((r) => r && visit(r)),
  );
  const fields = records.reduce((n, record) => n + record.fields.length, 0);
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;

  return [
    plural(records.length, 'record type'),
    plural(fields, 'field'),
    plural(warnings, 'warning'),
  ].join(', ');
}

/** The write or check stage's line: what changed, or that nothing did. */
export function describeWrite(
  outDir: string,
  isCheck: boolean,
  differences: readonly TreeDifference[],
): string {
  const where = path.relative(process.cwd(), outDir) || '.';
  if (differences.length === 0) return `${where}/ is up to date`;

  if (isCheck) {
    const verb = differences.length === 1 ? 'differs' : 'differ';
    return `${where}/: ${plural(differences.length, 'file')} ${verb}`;
  }
  // A generated file no longer generated (`extra`) is removed, not written.
  const removed = differences.filter((difference) => difference.kind === 'extra').length;
  const written = differences.length - removed;
  const parts = [`${plural(written, 'file')} written`];
  if (removed > 0) parts.push(`${removed} removed`);

  return `${where}/: ${parts.join(', ')}`;
}

/** `1 file`, `2 files`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
