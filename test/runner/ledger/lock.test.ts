import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireSweepLock, lockAddress } from '../../../runner/ledger/lock.ts';
import { tempDir } from '../sweep/support.ts';

const RACER = join(import.meta.dirname, 'lock-racer.ts');
const TSX = ['--import', 'tsx'];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function paths() {
  const dir = tempDir('lb-lock-');
  return { ledgerPath: join(dir, 's.jsonl'), lockFile: join(dir, 's.lock') };
}

/** Resolves with the child's pid once it printed `held <pid>`. */
function waitHeld(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /held (\d+)\n/.exec(text);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`holder exited (${code}) before taking the lock: ${text}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** The state letter of /proc/PID/stat (R, S, Z...), or null once the process is gone entirely. */
function procState(pid: number): string | null {
  try {
    return /\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))![1]!;
  } catch {
    return null;
  }
}

describe('sweep lock', () => {
  it('is held once, names its holder, and is free again after release', async () => {
    const p = paths();
    const lock = await acquireSweepLock(p);
    expect(JSON.parse(readFileSync(p.lockFile, 'utf8'))).toMatchObject({ pid: process.pid, host: expect.any(String), started_at: expect.any(String) });
    await expect(acquireSweepLock(p)).rejects.toThrow(new RegExp(`being run by process ${process.pid} on .* since `));
    lock.release();
    lock.release();
    expect(existsSync(p.lockFile)).toBe(false);
    (await acquireSweepLock(p)).release();
  });

  it('names the lock after the ledger real path: a symlinked folder reaches the same lock', async () => {
    const p = paths();
    const folder = p.ledgerPath.replace(/\/s\.jsonl$/, '');
    const link = `${folder}-link`;
    symlinkSync(folder, link);
    expect(lockAddress(join(link, 's.jsonl'))).toBe(lockAddress(p.ledgerPath));
    expect(lockAddress(join(link, 't.jsonl'))).not.toBe(lockAddress(p.ledgerPath));
    const lock = await acquireSweepLock(p);
    await expect(acquireSweepLock({ ledgerPath: join(link, 's.jsonl'), lockFile: join(link, 's.lock') })).rejects.toThrow(/being run by process/);
    lock.release();
  });

  it('a lock file left by a dead or unrelated process never blocks: no pid decides', async () => {
    const p = paths();
    // The pid of a live, unrelated process (this test's parent) stands for a reused pid.
    writeFileSync(p.lockFile, `${JSON.stringify({ pid: process.ppid, host: 'elsewhere', started_at: '2026-01-01T00:00:00Z' })}\n`);
    const lock = await acquireSweepLock(p);
    expect(JSON.parse(readFileSync(p.lockFile, 'utf8')).pid).toBe(process.pid);
    lock.release();
    writeFileSync(p.lockFile, 'garbage');
    (await acquireSweepLock(p)).release();
    expect(existsSync(p.lockFile)).toBe(false);
  });

  it('without abstract sockets, an exclusive lock file that a person clears, with a message saying so', async () => {
    const p = paths();
    const lock = await acquireSweepLock({ ...p, platform: 'darwin' });
    await expect(acquireSweepLock({ ...p, platform: 'darwin' })).rejects.toThrow(
      new RegExp(
        `being run by process ${process.pid} .*on darwin a lock left by a crash is not cleared by itself: if that process is gone, delete .*s\\.lock and resume`,
      ),
    );
    lock.release();
    (await acquireSweepLock({ ...p, platform: 'darwin' })).release();
  });

  it('20 rounds of 4 processes racing for it: exactly one holder each round', async () => {
    const racers = Array.from({ length: 4 }, () => {
      const child = fork(RACER, ['race'], { execArgv: TSX, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      children.push(child);
      return child;
    });
    const next = (child: ChildProcess) =>
      new Promise<Record<string, unknown>>((resolve) => child.once('message', (m) => resolve(m as Record<string, unknown>)));
    await Promise.all(racers.map(next));
    for (let round = 0; round < 20; round++) {
      const p = paths();
      const answers = racers.map(next);
      for (const child of racers) child.send({ round, ...p });
      const results = await Promise.all(answers);
      const holders = results.flatMap((result, i) => (result.held === true ? [i] : []));
      expect(holders, JSON.stringify(results)).toHaveLength(1);
      for (const result of results) if (result.held !== true) expect(result.message).toMatch(/being run by/);
      const holder = racers[holders[0]!]!;
      const released = next(holder);
      holder.send({ round, release: round });
      expect(await released).toEqual({ released: round });
      (await acquireSweepLock(p)).release();
    }
  }, 120_000);

  it('SIGKILL of the holder frees it at once, every time (20 tries)', async () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const p = paths();
      const holder = spawn(process.execPath, [...TSX, RACER, 'hold', p.ledgerPath, p.lockFile], { stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(holder);
      await waitHeld(holder);
      await expect(acquireSweepLock(p)).rejects.toThrow(/being run by process/);
      // Even tries acquire the moment the kill is sent (the holder may still be dying), odd ones once it is reaped.
      holder.kill('SIGKILL');
      if (attempt % 2 === 1) await exited(holder);
      const lock = await acquireSweepLock(p);
      lock.release();
      await exited(holder);
    }
  }, 120_000);

  it('a child the holder started does not inherit it: the lock is free once the holder dies, though the child lives', async () => {
    const p = paths();
    const holder = spawn(process.execPath, [...TSX, RACER, 'hold-spawn', p.ledgerPath, p.lockFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(holder);
    let text = '';
    holder.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    await waitHeld(holder);
    const childPid = Number(/child (\d+)/.exec(text)![1]);
    try {
      holder.kill('SIGKILL');
      await exited(holder);
      expect(procState(childPid)).not.toBeNull();
      (await acquireSweepLock(p)).release();
    } finally {
      process.kill(childPid, 'SIGKILL');
    }
  }, 30_000);

  it('a zombie holder (killed, not yet reaped by its parent) does not block', async () => {
    const p = paths();
    // `exec sleep` replaces the shell with a parent that never calls wait(): the killed holder stays a zombie.
    const parent = spawn('sh', ['-c', `"${process.execPath}" --import tsx "${RACER}" hold "${p.ledgerPath}" "${p.lockFile}" & exec sleep 60`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(parent);
    const pid = await waitHeld(parent);
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && procState(pid) !== 'Z'; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(procState(pid)).toBe('Z');
    // The lock file still names the zombie, which kill(pid, 0) would call alive.
    expect(JSON.parse(readFileSync(p.lockFile, 'utf8')).pid).toBe(pid);
    const lock = await acquireSweepLock(p);
    lock.release();
    expect(procState(pid)).toBe('Z');
  }, 30_000);
});
