import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireSweepLock } from '../../../runner/ledger/lock.ts';
import { tempDir } from '../sweep/support.ts';

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('sweep lock', () => {
  it('is held by one process at a time and released on request', () => {
    const path = join(tempDir(), 's.lock');
    const lock = acquireSweepLock(path);
    expect(readFileSync(path, 'utf8')).toBe(`${process.pid}\n`);
    // Another live owner (the test runner's parent stands in for a second runner).
    expect(() => acquireSweepLock(path, process.ppid)).toThrow(new RegExp(`being run by process ${process.pid}`));
    lock.release();
    lock.release();
    expect(existsSync(path)).toBe(false);
    acquireSweepLock(path, process.ppid).release();
  });

  it('takes over a lock whose owner is gone', () => {
    const path = join(tempDir(), 's.lock');
    const pid = deadPid();
    writeFileSync(path, `${pid}\n`);
    const lock = acquireSweepLock(path);
    expect(readFileSync(path, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    writeFileSync(path, 'garbage');
    acquireSweepLock(path).release();
    expect(existsSync(path)).toBe(false);
  });
});
