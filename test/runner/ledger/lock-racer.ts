import { spawn } from 'node:child_process';
import { acquireSweepLock, type SweepLock } from '../../../runner/ledger/lock.ts';

/**
 * A separate process for the lock tests (run with `node --import tsx`).
 * `hold LEDGER LOCKFILE`: takes the lock, prints `held <pid>`, then waits to be killed.
 * `hold-spawn LEDGER LOCKFILE`: the same, after starting a long-lived child (a sandboxed program
 * stands for it), and prints `child <pid>` too.
 * `race` (forked, with IPC): on each `{round, ledgerPath, lockFile}` tries the lock and answers
 * `{round, held}`; a holder gives it up on `{release: round}` and answers `{released: round}`.
 */
const [mode, ledgerPath, lockFile] = process.argv.slice(2);

if (mode === 'hold' || mode === 'hold-spawn') {
  await acquireSweepLock({ ledgerPath: ledgerPath!, lockFile: lockFile! });
  if (mode === 'hold-spawn') {
    const child = spawn('sleep', ['30'], { stdio: 'ignore', detached: true });
    child.unref();
    process.stdout.write(`child ${child.pid}\n`);
  }
  process.stdout.write(`held ${process.pid}\n`);
  setInterval(() => undefined, 60_000);
} else if (mode === 'race') {
  let lock: SweepLock | null = null;
  process.on('message', (message: { round: number; ledgerPath?: string; lockFile?: string; release?: number }) => {
    if (message.release !== undefined) {
      lock?.release();
      lock = null;
      process.send!({ released: message.release });
      return;
    }
    acquireSweepLock({ ledgerPath: message.ledgerPath!, lockFile: message.lockFile! }).then(
      (held) => {
        lock = held;
        process.send!({ round: message.round, held: true });
      },
      (error: Error) => process.send!({ round: message.round, held: false, message: error.message }),
    );
  });
  process.send!({ ready: true });
}
