// Diagnostics shared by every stage: where in the input a problem is, and how it is printed.

import path from 'node:path';

import type { Logger } from './logger.js';

/** A position in an input file; line and column count from 1. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** How serious a diagnostic is: errors stop the run, warnings and notes do not. */
export type Severity = 'error' | 'warning' | 'note';

/** One problem found in the input, tied to the place that caused it. */
export interface Diagnostic {
  readonly severity: Severity;
  readonly location: SourceLocation;
  readonly message: string;
  /** A second place involved, such as the other side of a disagreement. */
  readonly related?: SourceLocation;
}

/** Thrown when the input is wrong; carries every problem found, not just the first. */
export class InputError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    super(`${errors.length} error${errors.length === 1 ? '' : 's'}`);
    this.name = 'InputError';
    this.diagnostics = diagnostics;
  }
}

/** Collects diagnostics while a stage runs, so that all of them can be reported together. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  error(location: SourceLocation, message: string, related?: SourceLocation): void {
    this.items.push(withRelated({ severity: 'error', location, message }, related));
  }

  warning(location: SourceLocation, message: string, related?: SourceLocation): void {
    this.items.push(withRelated({ severity: 'warning', location, message }, related));
  }

  note(location: SourceLocation, message: string, related?: SourceLocation): void {
    this.items.push(withRelated({ severity: 'note', location, message }, related));
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  /** Throws an InputError holding everything collected so far if any of it is an error. */
  throwIfErrors(): void {
    if (this.hasErrors) throw new InputError(this.items);
  }
}

function withRelated(diagnostic: Diagnostic, related: SourceLocation | undefined): Diagnostic {
  return related === undefined ? diagnostic : { ...diagnostic, related };
}

/** The location of a whole file, for problems that have no better place. */
export function fileLocation(file: string): SourceLocation {
  return { file, line: 1, column: 1 };
}

/** An error about a whole file or folder. */
export function errorAt(file: string, message: string): Diagnostic {
  return { severity: 'error', location: fileLocation(file), message };
}

/** Prints a warning about a whole file or folder, as it happens rather than collected. */
export function warnAt(logger: Logger, file: string, message: string): void {
  const warning: Diagnostic = { severity: 'warning', location: fileLocation(file), message };
  logger.warn(formatDiagnostic(warning, process.cwd()));
}

/** `file:line:col`, with an absolute file shown relative to `base` when it lies below it. */
export function formatLocation(location: SourceLocation, base?: string): string {
  return `${displayPath(location.file, base)}:${location.line}:${location.column}`;
}

/** An absolute path relative to `base` when it lies below it, else as given; with `/`. */
export function displayPath(file: string, base: string | undefined): string {
  const relative = base === undefined || !path.isAbsolute(file) ? file : path.relative(base, file);
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;

  return shown === '' ? '.' : shown.split(path.sep).join('/');
}

/** The same diagnostic with its paths made relative to `base`, for output that is kept. */
export function relativeDiagnostic(diagnostic: Diagnostic, base: string): Diagnostic {
  const relative = (location: SourceLocation) => ({
    ...location,
    file: displayPath(location.file, base),
  });
  const moved = { ...diagnostic, location: relative(diagnostic.location) };

  return diagnostic.related === undefined
    ? moved
    : { ...moved, related: relative(diagnostic.related) };
}

/** One compiler-style line: `file:line:col: severity: message (see file:line:col)`. */
export function formatDiagnostic(diagnostic: Diagnostic, base?: string): string {
  const where = formatLocation(diagnostic.location, base);
  const see =
    diagnostic.related === undefined ? '' : ` (see ${formatLocation(diagnostic.related, base)})`;

  return `${where}: ${diagnostic.severity}: ${diagnostic.message}${see}`;
}

/** Orders diagnostics by file, line and column so that output is stable. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareText(a.location.file, b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    compareText(a.message, b.message)
  );
}

/** Compares by UTF-16 code units: the same order on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The reason in a file system error's message, without its code and path. */
export function systemErrorReason(error: unknown): string {
  return (error as Error).message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
}
