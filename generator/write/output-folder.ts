// A run's dealings with its output folder: claiming it (the lock, then cleaning up after
// runs cut short), writing it whole or comparing it, and letting go. Every file system
// failure here becomes a one-line input error (see output-errors.ts), and the output folder
// is left as it was.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import {
  DiagnosticBag,
  errorAt,
  fileLocation,
  InputError,
  systemErrorReason,
  warnAt,
} from '../diagnostics.js';
import type { GeneratedFile } from '../emit/generated-file.js';
import type { Logger } from '../logger.js';
import {
  cleanUpAbandonedFolders,
  findSetAside,
  type CleanUp,
  type SetAside,
} from './abandoned-folders.js';
import { fileSystemError } from './output-errors.js';
import { lockOutputFolder } from './output-lock.js';
import { outputFolderProblem, replacedFolder } from './output-path.js';
import {
  diffOutputTree,
  findForeignFiles,
  writeOutputTree,
  type OutputScope,
  type TreeDifference,
} from './output-tree.js';

/** How many files not written by the generator an output folder check names. */
const FOREIGN_FILES_SHOWN = 10;

/** A run's hold on the output folder it writes; see claimOutputFolder. */
export interface OutputClaim {
  /** Replaces the output folder's files in scope with `files`; returns what changed. */
  write(files: readonly GeneratedFile[], scope: OutputScope): Promise<TreeDifference[]>;
  /** Releases the lock, then stops the run if a signal came during the write. */
  release(): Promise<void>;
}

/**
 * Takes the output folder's lock, waiting while another run writes it, and cleans up what
 * killed runs left beside it. Holding the lock from before the cache is read until after the
 * write means no other run swaps the folder in between.
 */
export async function claimOutputFolder(outDir: string, logger: Logger): Promise<OutputClaim> {
  const releaseLock = await lockOutput(outDir, logger);
  const held = new HeldSignals();
  const release = async () => {
    await releaseLock();
    held.deliver();
  };
  try {
    await cleanUpAfterKilledRuns(outDir, logger);
  } catch (error) {
    await release();
    throw fileSystemError(error, outDir);
  }

  return {
    write: (files, scope) =>
      guardWrite(outDir, async () => {
        refuseForeignFiles(outDir, files, scope);
        const written = await held.during(() => writeOutputTree(outDir, files, scope));
        if (written.leftover !== undefined) warnLeftover(logger, written.leftover);
        return written.differences;
      }),
    release,
  };
}

// The new output folder is in place; the old one, set aside, is only left behind.
function warnLeftover(logger: Logger, { folder, reason }: { folder: string; reason: string }) {
  const message = `the old output folder, set aside here, could not be removed: ${reason}`;
  warnAt(logger, folder, `${message}; the next run tries again`);
}

/**
 * What writing `files` would change in the output folder, which is left untouched. A missing
 * output folder that a run cut short set aside is pointed out: every file differs because
 * of it, and the next `generate` puts it back once that run is known to have ended.
 */
export async function compareOutputFolder(
  outDir: string,
  files: readonly GeneratedFile[],
  scope: OutputScope,
  logger: Logger,
): Promise<TreeDifference[]> {
  const differences = await guardWrite(outDir, () => diffOutputTree(outDir, files, scope));
  for (const setAside of await findSetAside(await replacedFolder(outDir))) {
    const message = setAside.isAbandoned
      ? 'the output folder, set aside by a generation cut short; generate puts it back'
      : stillGoing(setAside);
    warnAt(logger, setAside.folder, message);
  }

  return differences;
}

// Waits, saying so once, while another run writes the same output folder.
async function lockOutput(outDir: string, logger: Logger) {
  const where = path.relative(process.cwd(), outDir) || '.';
  let target: string;
  try {
    target = await replacedFolder(outDir);
    await mkdir(path.dirname(target), { recursive: true });
  } catch (error) {
    throw fileSystemError(error, outDir);
  }
  try {
    return await lockOutputFolder(target, (owner) =>
      logger.info(`        waiting for ${owner}, which is writing ${where}/`),
    );
  } catch (error) {
    // The lock's files are made beside the output folder: that folder is the one to name.
    if (error instanceof InputError || (error as NodeJS.ErrnoException).code === undefined) {
      throw error;
    }
    const message = `cannot make the output folder's lock file here: ${systemErrorReason(error)}`;
    throw new InputError([errorAt(path.dirname(target), message)]);
  }
}

// A run cut short (killed outright, or failing where it could not undo its swap) leaves its
// work folders beside the output folder; the next run puts back an output folder it left
// aside, removes the rest, and says what it did. An output folder that cannot be put back
// stops the run: writing a new one beside it would leave an old tree to come back later.
async function cleanUpAfterKilledRuns(outDir: string, logger: Logger): Promise<void> {
  const target = await replacedFolder(outDir);
  const cleanUps = await cleanUpAbandonedFolders(target);
  const unrestored = cleanUps.filter((each) => each.attempted === 'restored' && !isDone(each));
  if (unrestored.length > 0) {
    const message = (each: CleanUp) => cannotRestore(each, target);
    throw new InputError(unrestored.map((each) => errorAt(each.folder, message(each))));
  }
  for (const cleanUp of cleanUps) warnAt(logger, cleanUp.folder, describeCleanUp(cleanUp));

  // One whose run cannot be judged ended (its process number is in use, or it is another
  // machine's) is not put back, and no new output folder may be written in its place.
  const waiting = await findSetAside(target);
  if (waiting.length > 0) {
    throw new InputError(waiting.map((each) => errorAt(each.folder, stillGoing(each))));
  }
}

function stillGoing({ pid }: SetAside): string {
  return (
    `the output folder, set aside by a generation (process ${pid}) that is still going or ` +
    'was cut short on another machine sharing this folder; if no generation is running, ' +
    'move it back in place of the output folder by hand'
  );
}

function isDone(cleanUp: CleanUp): boolean {
  return cleanUp.action !== 'failed';
}

function cannotRestore({ reason }: CleanUp, target: string): string {
  const where = path.relative(process.cwd(), target) || '.';
  return (
    'cannot put back the output folder, set aside here by a generation cut short while ' +
    `replacing it: ${reason}; move it back to ${where} by hand`
  );
}

function describeCleanUp({ action, role, reason }: CleanUp): string {
  if (action === 'restored') {
    return 'the output folder, set aside by a generation cut short while replacing it; put back';
  }
  const what =
    role === 'old'
      ? 'an old output folder that an earlier generation did not finish removing'
      : 'left by a generation that was cut short';
  if (action === 'removed') return `removed this folder, ${what}`;

  return `could not clean up this folder, ${what}: ${reason}`;
}

// A folder that cannot be written (a file in its place, no permission, a full disk) is an
// error in what the run was given, reported in one line like any other.
async function guardWrite<T>(outDir: string, work: () => T | Promise<T>): Promise<T> {
  const problem = await outputFolderProblem(outDir);
  if (problem !== undefined) throw new InputError([errorAt(outDir, problem)]);
  try {
    return await work();
  } catch (error) {
    throw fileSystemError(error, outDir);
  }
}

// The output folder is replaced as a whole, so a file the generator did not write there
// (or an --out naming the wrong folder) stops the run before anything is lost.
function refuseForeignFiles(
  outDir: string,
  files: readonly GeneratedFile[],
  scope: OutputScope,
): void {
  const diagnostics = new DiagnosticBag();
  const foreign = findForeignFiles(outDir, files, scope, FOREIGN_FILES_SHOWN + 1);
  for (const file of foreign.slice(0, FOREIGN_FILES_SHOWN)) {
    diagnostics.error(
      fileLocation(path.join(outDir, file)),
      'not a generated file; the output folder is replaced as a whole, so it may hold ' +
        'only generated files: move this one, or choose another --out',
    );
  }
  // Named by the first file not shown, so that it sorts after those shown.
  const more = foreign[FOREIGN_FILES_SHOWN];
  if (more !== undefined) {
    diagnostics.error(
      fileLocation(path.join(outDir, more)),
      'not a generated file either, and more may follow; only the first are named',
    );
  }
  diagnostics.throwIfErrors();
}

// An interrupt or a stop from a build tool during the write waits the few milliseconds
// until the write is done, so the output folder is never left set aside; once the lock is
// released, the run stops as the signal asked.
class HeldSignals {
  private received: NodeJS.Signals | undefined;
  private readonly hold = (signal: NodeJS.Signals) => {
    this.received ??= signal;
  };

  async during<T>(work: () => Promise<T>): Promise<T> {
    for (const signal of HELD_SIGNALS) process.on(signal, this.hold);
    try {
      return await work();
    } finally {
      for (const signal of HELD_SIGNALS) process.off(signal, this.hold);
    }
  }

  /** Delivers a signal held back, now that nothing is half done. */
  deliver(): void {
    if (this.received !== undefined) process.kill(process.pid, this.received);
  }
}

const HELD_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
