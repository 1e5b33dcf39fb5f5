import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { CliError } from '../../lib/cli-error.ts';

/** A held `<sweep_id>.lock`; `release()` removes it (safe to call twice). */
export interface SweepLock {
  release(): void;
}

/**
 * Makes sure one process at a time appends to a sweep's ledger: a second `--resume` while the
 * sweep still runs would otherwise make the same runs twice. The lock file holds the owner's pid;
 * a lock left by a process that no longer exists (killed with SIGKILL, power cut) is taken over.
 */
export function acquireSweepLock(path: string, pid: number = process.pid): SweepLock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      let held = true;
      return {
        release() {
          if (held) rmSync(path, { force: true });
          held = false;
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new CliError(`${path}: cannot create the sweep lock (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
      const owner = Number.parseInt(readOwner(path), 10);
      if (Number.isInteger(owner) && owner > 0 && owner !== pid && isAlive(owner)) {
        throw new CliError(`${path}: this sweep is being run by process ${owner}; wait for it or stop it before resuming`);
      }
      // Stale: its owner is gone. Remove it and try once more.
      rmSync(path, { force: true });
    }
  }
  throw new CliError(`${path}: could not take over a stale sweep lock; remove the file and try again`);
}

function readOwner(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
