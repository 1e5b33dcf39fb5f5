import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Fault, SeenRequest } from '../../fakes/fake-http-server.ts';
import { createFakeNvidiaSmi, FAKE_GPU } from '../../fakes/fake-nvidia-smi.ts';
import { startFakeOllama, type FakeOllama } from '../../fakes/fake-ollama.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../../fakes/fake-openai.ts';
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

function start(args: string[], env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, [BIN, 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
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

  it('at --concurrency 4: SIGKILL at random points, then --resume at 4: every planned run exactly once, lines whole', async () => {
    const random = mulberry32(20261201);
    let killedMidSweep = 0;
    for (let round = 0; round < 6; round++) {
      const dir = tempDir('lb-kill4-');
      const child = start([...SWEEP, '--ledgers-dir', dir, '--concurrency', '4']);
      const reached = await waitFor(child, dir, 1 + Math.floor(random() * (PLANNED - 8)));
      if (reached) child.process.kill('SIGKILL');
      await child.exited;
      const files = sweepFiles(dir)!;
      if (completeLines(files.ledger) < PLANNED) killedMidSweep++;
      const resumed = start(['--resume', files.sweepId, '--ledgers-dir', dir, '--concurrency', '4']);
      const { code } = await resumed.exited;
      expect(code, resumed.stderr.join('')).toBe(0);
      checkLedger(files.ledger, files.sidecar, []);
      const concurrency = readFileSync(files.ledger, 'utf8')
        .trimEnd()
        .split('\n')
        .map((line) => RunRecordSchema.parse(JSON.parse(line)).concurrency);
      expect(new Set(concurrency)).toEqual(new Set([4]));
    }
    expect(killedMidSweep).toBeGreaterThanOrEqual(4);
  }, 180_000);

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s mid-sweep: the runs written are whole, a summary says how to resume, exit %d',
    async (signal, exitCode) => {
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
    },
    60_000,
  );
});

describe('two resumes racing for one sweep (child processes)', () => {
  it('one makes the runs, the other is refused or finds nothing to do: no run is written twice', async () => {
    // Long enough (2,400 simulated runs, over a second) that the two resumes overlap: one must find the lock held.
    const sweep = [...SWEEP.slice(0, -1), '60'];
    let refused = 0;
    for (let round = 0; round < 4; round++) {
      const dir = tempDir('lb-race-');
      const first = start([...sweep, '--ledgers-dir', dir]);
      if (await waitFor(first, dir, 3 + round * 7)) first.process.kill('SIGKILL');
      await first.exited;
      const files = sweepFiles(dir)!;
      const racers = [0, 1].map(() => start(['--resume', files.sweepId, '--ledgers-dir', dir]));
      const codes = (await Promise.all(racers.map((racer) => racer.exited))).map((exit) => exit.code);
      expect(codes.filter((code) => code === 0).length, racers.map((r) => r.stderr.join('')).join('\n')).toBeGreaterThanOrEqual(1);
      racers.forEach((racer, i) => {
        if (codes[i] !== 0) {
          refused++;
          expect(codes[i]).toBe(2);
          expect(racer.stderr.join('')).toMatch(/\.lock: this sweep is being run by process \d+ on .* since .*; wait for it to finish or stop it, then resume/);
        }
      });
      checkLedger(files.ledger, files.sidecar, []);
      expect(existsSync(join(dir, `${files.sweepId}.lock`))).toBe(false);
    }
    expect(refused).toBeGreaterThanOrEqual(1);
  }, 180_000);
});

/** A server that accepts connections and never answers: a hung model server. */
async function hungServer(): Promise<{ url: string; connections(): number; close(): Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer(() => undefined);
  server.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Sends `signal` and resolves with the exit code and how long the process took to exit. */
async function stopAndTime(child: Child, signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }> {
  const sent = performance.now();
  child.process.kill(signal);
  const { code } = await child.exited;
  const ms = performance.now() - sent;
  if (process.env.LB_SHOW_STOP_MS) console.log(`stopped in ${ms.toFixed(0)} ms`);
  return { code, ms };
}

async function until(condition: () => boolean, child: Child): Promise<void> {
  let exited = false;
  void child.exited.then(() => (exited = true));
  while (!condition()) {
    if (exited) throw new Error(`the sweep exited early: ${child.stderr.join('')}`);
    await sleep(10);
  }
}

const isWarmup = (body: unknown) =>
  (body as { max_tokens?: number }).max_tokens === 1 || (body as { options?: { num_predict?: number } }).options?.num_predict === 1;
const FAKE_ARGS = ['--experiments', 'math_measurement_v1', '--limit', '3', '--retries', '0'];

describe('a signal is honoured within a second at any phase (child processes)', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s during a preflight the server never answers: exit %d, no file written',
    async (signal, exitCode) => {
      const hung = await hungServer();
      closers.push(hung.close);
      const dir = tempDir('lb-preflight-');
      const child = start(['--models', 'qwen3:8b', ...FAKE_ARGS, '--ledgers-dir', dir], { OLLAMA_HOST: hung.url });
      // Preflight has begun once the hung server holds a connection.
      await until(() => hung.connections() > 0, child);
      const { code, ms } = await stopAndTime(child, signal);
      expect(code, child.stderr.join('')).toBe(exitCode);
      expect(ms).toBeLessThan(1000);
      expect(child.stderr.join('')).toContain(`ledgerbench run: interrupted by ${signal}`);
      expect(readdirSync(dir)).toEqual([]);
    },
    30_000,
  );

  it.each(['openai', 'ollama'] as const)(
    'SIGINT during a warm-up that hangs (%s): exit 130 within a second, an empty ledger, a summary',
    async (kind) => {
      const faults = (request: SeenRequest): Fault | null => (isWarmup(request.body) ? { kind: 'delay', ms: 60_000 } : null);
      const fake = kind === 'openai' ? await startFakeOpenAi({ faults }) : await startFakeOllama({ faults });
      closers.push(() => fake.close());
      const dir = tempDir('lb-warmup-');
      const args = kind === 'openai' ? ['--models', 'openai:fake-model', '--base-url', (fake as FakeOpenAi).baseUrl] : ['--models', 'qwen3:8b'];
      const child = start([...args, ...FAKE_ARGS, '--ledgers-dir', dir], kind === 'ollama' ? { OLLAMA_HOST: (fake as FakeOllama).url } : {});
      await until(() => fake.chats.length >= 1, child);
      const { code, ms } = await stopAndTime(child, 'SIGINT');
      expect(code, child.stderr.join('')).toBe(130);
      expect(ms).toBeLessThan(1000);
      const files = sweepFiles(dir)!;
      expect(readFileSync(files.ledger, 'utf8')).toBe('');
      expect(child.stdout.join('')).toMatch(/0 written .* 0\/3 planned runs .*\ninterrupted: 3 runs not made\nresume with: /);
      expect(fake.chats).toHaveLength(1);
    },
    30_000,
  );

  it('SIGTERM while a run streams: exit 143 within a second, only whole runs in the ledger, the cut run not written', async () => {
    let measured = 0;
    const fake = await startFakeOpenAi({
      faults: (request) => {
        if (isWarmup(request.body)) return null;
        measured++;
        // The second measured run stalls mid-stream for a minute.
        return measured === 2 ? { kind: 'stall', afterChunks: 2, ms: 60_000 } : null;
      },
    });
    closers.push(() => fake.close());
    const dir = tempDir('lb-run-');
    const child = start(['--models', 'openai:fake-model', '--base-url', fake.baseUrl, ...FAKE_ARGS, '--ledgers-dir', dir]);
    await until(() => measured >= 2, child);
    await sleep(100);
    const { code, ms } = await stopAndTime(child, 'SIGTERM');
    expect(code, child.stderr.join('')).toBe(143);
    expect(ms).toBeLessThan(1000);
    const text = readFileSync(sweepFiles(dir)!.ledger, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    // The first run's answer, whole; the stalled second run left no line at all.
    expect(RunRecordSchema.parse(JSON.parse(lines[0]!)).response.text).toBe('The answer is 42.');
  }, 30_000);

  it.each(['idle baseline', 'warm-up'] as const)(
    'SIGINT during the %s of a --tdp-levels sweep restores the GPU limit and exits without waiting it out',
    async (phase) => {
      const smi = await createFakeNvidiaSmi();
      closers.push(() => smi.cleanup());
      const fake = await startFakeOllama({ faults: (request) => (isWarmup(request.body) ? { kind: 'delay', ms: 60_000 } : null) });
      closers.push(() => fake.close());
      const dir = tempDir('lb-tdp-');
      const idleSeconds = phase === 'idle baseline' ? '60' : '0.2';
      const child = start(
        ['--models', 'qwen3:8b', ...FAKE_ARGS, '--tdp-levels', '50', '--idle-seconds', idleSeconds, '--settle-seconds', '0', '--ledgers-dir', dir],
        {
          ...smi.env,
          OLLAMA_HOST: fake.url,
        },
      );
      if (phase === 'warm-up') await until(() => fake.chats.length >= 1, child);
      else {
        // The level is applied (50% of the fake's 200 W); the minute-long idle baseline has begun.
        let applied = false;
        await until(() => {
          void smi.limitFile(0).then((watts) => (applied = watts === FAKE_GPU.defaultW / 2));
          return applied;
        }, child);
        await sleep(200);
        expect(fake.chats).toHaveLength(0);
      }
      const { code, ms } = await stopAndTime(child, 'SIGINT');
      expect(code, child.stderr.join('')).toBe(130);
      // The restore runs the fake nvidia-smi (a Node script) after the stop, which alone can take
      // most of a second on a loaded machine; the waits cut short were a minute long.
      expect(ms).toBeLessThan(3000);
      expect(await smi.limitFile(0)).toBe(FAKE_GPU.defaultW);
      expect(child.stdout.join('')).toContain(`power limit restored to ${FAKE_GPU.defaultW} W`);
    },
    30_000,
  );
});
