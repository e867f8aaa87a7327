// The logger every stage is handed. Nothing in the generator writes to the console directly.

/** How much to print: `quiet` shows errors only, `debug` adds timings and notes. */
export type LogLevel = 'quiet' | 'normal' | 'debug';

/** Leveled output; errors and warnings go to stderr, the rest to stdout. */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

/** Where a logger writes: process streams in the CLI, arrays in tests. */
export interface LogSinks {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** A logger that prints at `level` and above. */
export function createLogger(level: LogLevel, sinks: LogSinks = processSinks()): Logger {
  return {
    error: (message) => sinks.err(message),
    warn: (message) => level !== 'quiet' && sinks.err(message),
    info: (message) => level !== 'quiet' && sinks.out(message),
    debug: (message) => level === 'debug' && sinks.out(message),
  };
}

function processSinks(): LogSinks {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
}
