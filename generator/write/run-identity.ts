// Who a run is, in a form other runs can check: a tag for this machine and process
// namespace, and the process number. Files that runs leave beside the output folder carry
// both, so a later run can tell whether the run that left them is still going.

import { createHash } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import os from 'node:os';

/**
 * A short digest of this machine's name and of its process namespace (Linux gives each
 * container its own): runs with the same tag see the same processes.
 */
export const RUN_TAG = createHash('sha256')
  .update(`${os.hostname()}\0${pidNamespace()}`)
  .digest('hex')
  .slice(0, 8);

/**
 * True unless no process `pid` exists here. Signal 0 checks without touching the process.
 * Only "no such process" counts as gone: a process of another user (EPERM), or a number
 * the system cannot even take, counts as running.
 */
export function isProcessRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

// Linux names each process namespace; elsewhere there is none.
function pidNamespace(): string {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return '';
  }
}
