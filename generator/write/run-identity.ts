// Who a run is, in a form other runs can check: a tag for this machine and process
// namespace, and the process number. Files that runs leave beside the output folder carry
// both, so a later run can tell whether the run that left them is still going.

import { createHash } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import os from 'node:os';

/**
 * A short digest of this machine's name and identity and of its process namespace (Linux
 * gives each container its own): runs with the same tag see the same processes. The name
 * alone would not do: cloned machines may share it, and the first process namespace has
 * the same number on every Linux machine. Known shortcoming: clones that also share the
 * machine identity, on a shared disk, still look like one machine.
 */
export const RUN_TAG = createHash('sha256')
  .update(`${os.hostname()}\0${machineId()}\0${pidNamespace()}`)
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

// The identity systemd (or D-Bus) gives a Linux installation, the same across reboots, so
// that what a run killed by a power cut left is still known as this machine's afterwards.
function machineId(): string {
  for (const file of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch {
      // Not there: try the next, or go without.
    }
  }

  return '';
}

// Linux names each process namespace; elsewhere there is none.
function pidNamespace(): string {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return '';
  }
}
