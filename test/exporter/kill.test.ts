import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { onSignal, ownerAlive, ownerTag, removeStale } from '../../exporter/workspace.ts';
import { recoverStale } from '../../exporter/write.ts';
import { makeRunRecord } from '../fixtures/make-run-record.ts';
import { readFixtureFolder } from './memory-effects.ts';

const BIN = new URL('../../bin/ledgerbench.js', import.meta.url).pathname;
const temp = mkdtempSync(join(tmpdir(), 'ledgerbench-kill-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

// Its own TMPDIR, so what an export leaves in the temporary folder can be counted.
const privateTmp = join(temp, 'tmp');
mkdirSync(privateTmp);
const env = { ...process.env, TMPDIR: privateTmp };

function writeLedger(path: string, records: number): void {
  const base = JSON.stringify(makeRunRecord({ run_id: 'kill-run-00000000', response: { text: 'forty-two '.repeat(60), done_reason: 'stop' } }));
  let text = '';
  for (let i = 0; i < records; i++) {
    const task = `t${i % 500}`;
    text += `${base.replace('kill-run-00000000', `kill-run-${String(i).padStart(8, '0')}`).replace('"id":"t1"', `"id":"${task}"`)}\n`;
  }
  writeFileSync(path, text);
}

function exportProcess(ledgers: string, out: string) {
  const child = spawn(process.execPath, [BIN, 'export', '--ledgers', ledgers, '--out', out], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exit = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as string | null, output }));
  return { child, exit };
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 10))) if (condition()) return true;
  return false;
}

const leftovers = (folder: string) => readdirSync(folder).filter((name) => name.includes('.export-') || name.startsWith('ledgerbench-export.'));

describe('an export killed mid-run', () => {
  const small = join(temp, 'small.jsonl');
  const big = join(temp, 'big.jsonl');
  const out = join(temp, 'data');

  it('SIGKILL leaves the previous data/ byte for byte; the next export cleans up and is correct', async () => {
    writeLedger(small, 50);
    writeLedger(big, 60_000);
    const first = await exportProcess(small, out).exit;
    expect(first.code, first.output).toBe(0);
    const previous = readFixtureFolder(out, '.');

    const { child, exit } = exportProcess(big, out);
    // Killed while the new files are being written beside data/: the worst moment to die.
    const staging = await waitFor(() => leftovers(temp).some((name) => name.includes('.export-staging-')), 120_000);
    child.kill('SIGKILL');
    expect((await exit).signal).toBe('SIGKILL');
    expect(staging, 'the export finished before it could be killed').toBe(true);
    expect(leftovers(temp).length).toBeGreaterThan(0);
    expect(leftovers(privateTmp).length).toBeGreaterThan(0);
    const after = readFixtureFolder(out, '.');
    expect([...after.keys()]).toEqual([...previous.keys()]);
    for (const [path, bytes] of previous) expect(Buffer.compare(after.get(path)!, bytes), path).toBe(0);

    const again = await exportProcess(big, out).exit;
    expect(again.code, again.output).toBe(0);
    expect(leftovers(temp)).toEqual([]);
    expect(leftovers(privateTmp)).toEqual([]);
    const index = JSON.parse(readFixtureFolder(out, '.').get('./index.json')!.toString());
    expect(index.counts).toMatchObject({ accepted: 60_000, rejected: 0 });
  }, 300_000);

  it('SIGTERM removes its temporary folders and publishes nothing', async () => {
    const previous = readFixtureFolder(out, '.');
    const { child, exit } = exportProcess(small + '', join(temp, 'data'));
    // The workspace exists from the start; terminate as soon as it does.
    expect(await waitFor(() => leftovers(privateTmp).length > 0, 60_000)).toBe(true);
    child.kill('SIGTERM');
    const result = await exit;
    expect(result.code === 143 || result.signal === 'SIGTERM', result.output).toBe(true);
    expect(leftovers(privateTmp)).toEqual([]);
    expect(leftovers(temp)).toEqual([]);
    const after = readFixtureFolder(out, '.');
    for (const [path, bytes] of previous) expect(Buffer.compare(after.get(path)!, bytes), path).toBe(0);
  }, 120_000);
});

describe('owner tags', () => {
  it('signal handlers are installed only while a cleanup is pending', () => {
    const before = process.listenerCount('SIGTERM');
    const forgetA = onSignal(() => {});
    const forgetB = onSignal(() => {});
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    forgetA();
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    forgetB();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('a live owner is alive; a dead pid, a reused pid (other start time) and a zombie are not', async () => {
    expect(ownerAlive(ownerTag())).toBe(true);
    const [pid, start] = ownerTag().split('-');
    expect(ownerAlive(`${pid}-${Number(start) + 1}`)).toBe(false);
    expect(ownerAlive('999999999-1')).toBe(false);
    // `sleep 0` exits under a parent (`exec sleep 3`) that never reaps it: a zombie for 3 s.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 3'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const exited = once(parent, 'exit');
    const [line] = (await once(parent.stdout, 'data')) as [Buffer];
    const zombie = Number(line.toString().trim());
    const tag = ownerTag(zombie);
    expect(await waitFor(() => !ownerAlive(tag), 2000)).toBe(true);
    parent.kill('SIGKILL');
    await exited;
  });

  it('stale folders of a dead owner are removed, a live one is kept, and an old export moved aside comes back', () => {
    const folder = join(temp, 'stale');
    mkdirSync(folder);
    const dead = '999999999-1';
    mkdirSync(join(folder, `ledgerbench-export.${dead}.abc123`));
    mkdirSync(join(folder, `ledgerbench-export.${ownerTag()}.def456`));
    expect(removeStale(folder, 'ledgerbench-export.')).toEqual([`ledgerbench-export.${dead}.abc123`]);
    expect(readdirSync(folder)).toEqual([`ledgerbench-export.${ownerTag()}.def456`]);

    const target = join(folder, 'data');
    mkdirSync(`${target}.export-old-${dead}`);
    writeFileSync(join(`${target}.export-old-${dead}`, 'index.json'), '{}');
    mkdirSync(`${target}.export-staging-${dead}`);
    expect(recoverStale(target).sort()).toEqual([`data.export-old-${dead}`, `data.export-staging-${dead}`]);
    expect(existsSync(join(target, 'index.json'))).toBe(true);
    expect(readdirSync(folder).filter((name) => name.startsWith('data.'))).toEqual([]);
  });
});
