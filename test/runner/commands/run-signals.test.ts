import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunRecordSchema } from '../../../schema/run-record.ts';
import { SweepSidecarSchema } from '../../../runner/ledger/sidecar.ts';
import { mulberry32 } from '../../../lib/prng.ts';
import { runId } from '../../../runner/sweep/run-id.ts';
import { tempDir } from '../sweep/support.ts';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'ledgerbench.js');

interface Child {
  process: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[]): Child {
  const child = spawn(process.execPath, [BIN, 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { process: child, stdout, stderr, exited };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The sweep's files in `dir` once its sidecar exists. */
function sweepFiles(dir: string): { sweepId: string; ledger: string; sidecar: string } | null {
  const sidecar = readdirSync(dir).find((file) => file.endsWith('.sweep.json'));
  if (!sidecar) return null;
  const sweepId = sidecar.replace('.sweep.json', '');
  return { sweepId, ledger: join(dir, `${sweepId}.jsonl`), sidecar: join(dir, sidecar) };
}

function completeLines(path: string): number {
  if (!existsSync(path)) return 0;
  return readFileSync(path, 'utf8').split('\n').length - 1;
}

/** Waits until the child has written `lines` records (or its sidecar when 0), or has exited. */
async function waitFor(child: Child, dir: string, lines: number): Promise<boolean> {
  let exited = false;
  void child.exited.then(() => (exited = true));
  for (;;) {
    if (exited) return false;
    const files = sweepFiles(dir);
    if (files && completeLines(files.ledger) >= lines) return true;
    await sleep(3);
  }
}

/**
 * Asserts the ledger holds every planned run exactly once: each valid line's run_id is recomputed
 * from the record's own fields, and only the injected fragments are not records.
 */
function checkLedger(ledger: string, sidecarPath: string, fragments: string[]): void {
  const sidecar = SweepSidecarSchema.parse(JSON.parse(readFileSync(sidecarPath, 'utf8')));
  const text = readFileSync(ledger, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const lines = text.slice(0, -1).split('\n');
  const leftovers = lines.filter((line) => fragments.includes(line));
  expect(leftovers).toEqual(fragments);
  const records = lines.filter((line) => !fragments.includes(line)).map((line) => RunRecordSchema.parse(JSON.parse(line)));
  const ids = records.map((record) => record.run_id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.length).toBe(sidecar.plan.runs);
  for (const record of records) {
    const key = {
      sweep_id: sidecar.sweep_id,
      model: `sim:${record.model.name}`,
      experiment: record.experiment,
      task: record.task.id,
      arm: record.arm,
      repeat: record.repeat,
      sample: record.sample ?? 0,
      power: record.power_limit.request,
    };
    expect(runId(key)).toBe(record.run_id);
  }
}

const SWEEP = ['--models', 'sim:small,sim:medium', '--experiments', 'math_measurement_v1', '--limit', '20', '--repeats', '2'];
const PLANNED = 2 * 20 * 2;

describe('ledgerbench run under signals (child processes)', () => {
  it('SIGKILL at random points, then --resume: every planned run is in the ledger exactly once', async () => {
    const random = mulberry32(20261123);
    let killedMidSweep = 0;
    for (let round = 0; round < 10; round++) {
      const dir = tempDir('lb-kill-');
      const child = start([...SWEEP, '--ledgers-dir', dir]);
      // Round 0 dies right after the sidecar appears; the others at a random record count.
      const target = round === 0 ? 0 : 1 + Math.floor(random() * (PLANNED - 8));
      const reached = await waitFor(child, dir, target);
      if (reached) child.process.kill('SIGKILL');
      await child.exited;
      const files = sweepFiles(dir)!;
      expect(files).not.toBeNull();
      const written = completeLines(files.ledger);
      if (written < PLANNED) killedMidSweep++;

      // SIGKILL cannot tear one write(2); a power cut can. Odd rounds leave such a tail behind.
      const fragments: string[] = [];
      if (round % 2 === 1 && written > 0) {
        const last = readFileSync(files.ledger, 'utf8').trimEnd().split('\n').at(-1)!;
        const fragment = last.slice(0, 1 + Math.floor(random() * (last.length - 2)));
        appendFileSync(files.ledger, fragment);
        fragments.push(fragment);
      }
      const resumed = start(['--resume', files.sweepId, '--ledgers-dir', dir]);
      const { code } = await resumed.exited;
      expect(code, resumed.stderr.join('')).toBe(0);
      if (fragments.length > 0) expect(resumed.stderr.join('')).toMatch(/torn last line .* left in place/);
      checkLedger(files.ledger, files.sidecar, fragments);
      // The lock the killed process left was taken over, and released at the end.
      expect(existsSync(join(dir, `${files.sweepId}.lock`))).toBe(false);
    }
    expect(killedMidSweep).toBeGreaterThanOrEqual(8);
  }, 180_000);

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s mid-sweep: the runs written are whole, a summary says how to resume, exit %d', async (signal, exitCode) => {
    const dir = tempDir('lb-signal-');
    const child = start([...SWEEP, '--ledgers-dir', dir]);
    expect(await waitFor(child, dir, 10)).toBe(true);
    child.process.kill(signal);
    const { code } = await child.exited;
    expect(code).toBe(exitCode);
    const files = sweepFiles(dir)!;
    const summary = child.stdout.join('');
    expect(summary).toMatch(new RegExp(`sweep ${files.sweepId}: \\d+ written .*; power limit untouched`));
    expect(summary).toContain('interrupted: ');
    expect(summary).toContain(`resume with: npx ledgerbench run --resume ${files.sweepId} --ledgers-dir ${dir}`);
    const text = readFileSync(files.ledger, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const written = text.trimEnd().split('\n');
    expect(written.length).toBeLessThan(PLANNED);
    for (const line of written) RunRecordSchema.parse(JSON.parse(line));
    expect(summary).toContain(`${written.length} written`);

    const resumed = start(['--resume', files.sweepId, '--ledgers-dir', dir]);
    expect((await resumed.exited).code).toBe(0);
    checkLedger(files.ledger, files.sidecar, []);
  }, 60_000);
});
