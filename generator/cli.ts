// The command line: `directo-codegen generate [component…] [--check]` and
// `directo-codegen serve`.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { compareDiagnostics, formatDiagnostic, InputError } from './diagnostics.js';
import { generate, type GenerateResult } from './generate.js';
import { createLogger, type Logger, type LogLevel } from './logger.js';
import { PACKAGE_ROOT } from './package-root.js';

const USAGE = `Usage: directo-codegen generate [component ...] [options]
       directo-codegen serve [options]   (see directo-codegen serve --help)

Generates typed TypeScript and a Markdown reference for Directo XML Direct components.
A component is a folder under the schemas folder holding its ws_*.xsd (get),
xml_IN_*.xsd (put), and optionally the wiki field table (*.txt or *.tsv).

Options:
  --schemas <dir>   the schemas folder (default: schemas)
  --out <dir>       the output folder (default: generated)
  --check           write nothing; exit 1 if the output folder is not up to date
  --force           emit even when nothing changed since the last run
  --verbose         also print notes and stage timings
  --quiet           print errors only
  -h, --help        show this help
  --version         print the version

Exit status: 0 success, 1 input errors or --check differences, 2 usage errors,
70 an internal error (a bug: please report it with the stack trace).`;

const TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');

/** Runs the command line and returns the exit status. */
export async function main(argv: readonly string[], logger?: Logger): Promise<number> {
  if (argv[0] === 'serve') return runServe(argv.slice(1), logger ?? createLogger('normal'));
  if (argv[0] === '--version') {
    (logger ?? createLogger('normal')).info(await packageVersion());
    return 0;
  }

  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        schemas: { type: 'string', default: 'schemas' },
        out: { type: 'string', default: 'generated' },
        check: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return usageError(logger ?? createLogger('normal'), parseArgsMessage(error));
  }

  const { values, positionals } = parsed;
  if (values.quiet && values.verbose) {
    return usageError(logger ?? createLogger('normal'), '--verbose and --quiet exclude each other');
  }
  const level: LogLevel = values.quiet ? 'quiet' : values.verbose ? 'debug' : 'normal';
  const log = logger ?? createLogger(level);
  if (values.help) {
    log.info(USAGE);
    return 0;
  }
  const [command, ...components] = positionals;
  if (command !== 'generate') {
    return usageError(
      log,
      command === undefined ? 'no command given' : `unknown command "${command}"`,
    );
  }

  return runGenerate(log, {
    schemasDir: path.resolve(values.schemas),
    outDir: path.resolve(values.out),
    templatesDir: TEMPLATES_DIR,
    components: [...new Set(components)],
    check: values.check,
    force: values.force,
  });
}

async function runGenerate(
  logger: Logger,
  options: Parameters<typeof generate>[0],
): Promise<number> {
  try {
    const result = await generate(options, logger);
    if (!options.check || result.differences.length === 0) return 0;

    reportDifferences(logger, options, result.differences);
    return 1;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return reportInputError(logger, error);
  }
}

// Each file that differs, then what to do about it.
function reportDifferences(
  logger: Logger,
  options: Parameters<typeof generate>[0],
  differences: GenerateResult['differences'],
): void {
  for (const difference of differences) {
    const file = path.relative(process.cwd(), path.join(options.outDir, difference.path));
    const isForeign = difference.kind === 'foreign';
    logger.error(`${file}: ${isForeign ? 'not a generated file' : difference.kind}`);
  }

  const command = `\`${regenerateCommand(options)}\``;
  const hasForeign = differences.some((difference) => difference.kind === 'foreign');
  const advice = hasForeign
    ? `move the files that were not generated out of the output folder, then run ${command}`
    : `run ${command}`;
  logger.error(`generated code is out of date: ${advice}`);
}

// The command that brings the output up to date: the same folders, without --check.
function regenerateCommand(options: Parameters<typeof generate>[0]): string {
  const shown = (dir: string) => path.relative(process.cwd(), dir) || '.';
  const words = ['directo-codegen generate', ...options.components];
  if (options.schemasDir !== path.resolve('schemas')) {
    words.push(`--schemas ${shown(options.schemasDir)}`);
  }
  if (options.outDir !== path.resolve('generated')) words.push(`--out ${shown(options.outDir)}`);

  return words.join(' ');
}

function reportInputError(logger: Logger, error: InputError): number {
  const sorted = [...error.diagnostics].sort(compareDiagnostics);
  for (const diagnostic of sorted.filter((d) => d.severity !== 'note')) {
    const line = formatDiagnostic(diagnostic, process.cwd());
    if (diagnostic.severity === 'error') logger.error(line);
    else logger.warn(line);
  }
  logger.error(`${error.message}; nothing was written`);

  return 1;
}

async function packageVersion(): Promise<string> {
  const manifest = path.join(PACKAGE_ROOT, 'package.json');
  return (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version;
}

// Serves until the process is interrupted. The server (and libxml2 with it) is loaded only
// here, so that generating, which every build runs, does not pay for it.
async function runServe(argv: readonly string[], logger: Logger): Promise<number> {
  const { serve, SERVE_USAGE, ServeError, UsageError } = await import('./serve/serve-command.js');
  if (argv.includes('--help') || argv.includes('-h')) {
    logger.info(SERVE_USAGE);
    return 0;
  }
  let stop: () => Promise<void>;
  try {
    stop = await serve(argv, logger);
  } catch (error) {
    if (error instanceof InputError) return reportInputError(logger, error);
    if (error instanceof ServeError) {
      logger.error(`directo-codegen serve: ${error.message}`);
      return 1;
    }
    const isUsage =
      error instanceof UsageError ||
      (error as { code?: unknown }).code?.toString().startsWith('ERR_PARSE_ARGS');
    if (isUsage) return usageError(logger, parseArgsMessage(error), 'serve --help');
    throw error;
  }
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  await stop();
  logger.info(`stopped on ${signal}`);

  return 0;
}

function usageError(logger: Logger, message: string, help = '--help'): number {
  logger.error(`directo-codegen: ${message}`);
  logger.error(`Run \`directo-codegen ${help}\` for usage.`);

  return 2;
}

// Node's argument parser explains at length how to pass a positional starting with `-`;
// the first sentence is what went wrong.
function parseArgsMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown !== null) return `unknown option ${unknown[1]}`;

  return message.split(/\.(?: |$)/)[0] ?? message;
}
