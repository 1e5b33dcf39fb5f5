import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { RunRecordSchema, type RunRecord } from '../../schema/run-record.ts';
import { createFakeNvidiaSmi, FAKE_GPU, isSetLimit, type FakeNvidiaSmi, type FakeNvidiaSmiOptions } from '../fakes/fake-nvidia-smi.ts';
import { startFakeOllama, type FakeOllama } from '../fakes/fake-ollama.ts';

// A whole `ledgerbench run` in a child process, against the fake nvidia-smi (first on PATH) and the
// fake Ollama on loopback. Each chat makes the fake GPU busy for BUSY_MS, so runs draw above idle.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin', 'ledgerbench.js');
const BUSY_MS = 200;
const FIRST_CHUNK_MS = 500;
const SHORT = ['--experiments', 'math_measurement_v1', '--limit', '1', '--idle-seconds', '0.3', '--settle-seconds', '0'];

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  smi: FakeNvidiaSmi;
  ollama: FakeOllama;
  ledger: string;
}

async function setup(options: FakeNvidiaSmiOptions = {}, firstChunkDelayMs = FIRST_CHUNK_MS): Promise<Setup> {
  const smi = await createFakeNvidiaSmi(options);
  const events = path.join(smi.dir, 'events.log');
  const load = (busy: boolean) => appendFile(events, `${JSON.stringify({ at: Date.now(), kind: 'load', busy })}\n`);
  const ollama = await startFakeOllama({
    firstChunkDelayMs,
    answer: () => {
      void load(true)
        .then(() => sleep(BUSY_MS))
        .then(() => load(false));
      return 'The answer is 42.';
    },
  });
  const out = await mkdtemp(path.join(os.tmpdir(), 'tdp-ledger-'));
  cleanups.push(
    () => smi.cleanup(),
    () => ollama.close(),
    () => rm(out, { recursive: true, force: true }),
  );
  return { smi, ollama, ledger: path.join(out, 'sweep.jsonl') };
}

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function ledgerbench(s: Setup, args: string[]) {
  const child = spawn(process.execPath, [BIN, 'run', '--out', s.ledger, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...s.smi.env, OLLAMA_HOST: s.ollama.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Finished>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

function records(ledger: string): RunRecord[] {
  if (!existsSync(ledger)) return [];
  return readFileSync(ledger, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => RunRecordSchema.parse(JSON.parse(line)));
}

/** The watts of every `-pl` call, in order. */
async function setLimits(smi: FakeNvidiaSmi): Promise<string[]> {
  return (await smi.invocations()).filter(isSetLimit).map((argv) => argv.at(-1)!);
}

/** The fake GPU's busy spells in seconds, from the load events the fake integrates exactly. */
async function busySpellsS(smi: FakeNvidiaSmi): Promise<number[]> {
  const text = await readFile(path.join(smi.dir, 'events.log'), 'utf8');
  const loads = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { at: number; kind: string })
    .filter((e) => e.kind === 'load');
  const spells: number[] = [];
  for (let i = 0; i + 1 < loads.length; i += 2) spells.push((loads[i + 1].at - loads[i].at) / 1000);
  return spells;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the sweep');
    await sleep(50);
  }
}

function samplerGone(smi: FakeNvidiaSmi): boolean {
  const entries = readFileSync(path.join(smi.dir, 'invocations.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { pid: number; argv: string[] });
  const pid = entries.find((entry) => entry.argv.includes('-lms'))?.pid;
  if (pid === undefined) return false;
  try {
    // A zombie has stopped running; this container may have no init to reap it.
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

describe('ledgerbench run --tdp-levels under the fake nvidia-smi', () => {
  it('records resolved and applied watts per level, counter energy over an idle baseline, and restores the limit', async () => {
    const s = await setup();
    const { done } = ledgerbench(s, ['--models', 'qwen3:8b', '--tdp-levels', '50,100,250w', ...SHORT]);
    const result = await done;
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);

    const runs = records(s.ledger);
    expect(runs.map((r) => r.power_limit)).toEqual([
      { request: '50', mode: 'percent', requested_w: 100, applied_w: 100, clamped: false, managed: true },
      { request: '100', mode: 'percent', requested_w: 200, applied_w: 200, clamped: false, managed: true },
      { request: '250w', mode: 'watts', requested_w: 250, applied_w: FAKE_GPU.maxW, clamped: true, managed: true },
    ]);
    expect(runs[0].host.gpu).toMatchObject({ index: 0, name: FAKE_GPU.name, power_limit_default_w: FAKE_GPU.defaultW });

    // Each measured chat kept the fake GPU busy for one spell; the warm-ups had theirs too.
    const spells = await busySpellsS(s.smi);
    expect(spells).toHaveLength(6);
    const limits = [100, 200, FAKE_GPU.maxW];
    runs.forEach((run, i) => {
      expect(run.energy.method).toBe('nvml-counter');
      expect(run.energy.valid).toBe(true);
      // A 0.3 s idle window, each bound up to one 100 ms counter refresh stale.
      expect(Math.abs(run.energy.idle_w! - FAKE_GPU.idleW)).toBeLessThan((2 * (FAKE_GPU.counterPeriodMs / 1000) * FAKE_GPU.idleW) / 0.3 + 0.5);
      // Above idle: the busy spell's joules, give or take one 100 ms counter refresh at each
      // window bound (idle there) and the idle estimate's error over the window.
      // Busy draw is capped by the level's limit: 100 W at 50 %, 185 W (the fake's busy draw) above.
      const expected = spells[2 * i + 1] * (Math.min(FAKE_GPU.busyW, limits[i]) - FAKE_GPU.idleW);
      const windowS = run.energy.joules! / run.energy.avg_power_w!;
      const slack = 2 * (FAKE_GPU.counterPeriodMs / 1000) * FAKE_GPU.idleW + Math.abs(run.energy.idle_w! - FAKE_GPU.idleW) * windowS + 0.5;
      expect(Math.abs(run.energy.net_joules! - expected)).toBeLessThan(slack);
    });

    expect(await setLimits(s.smi)).toEqual(['200.00', '100.00', '200.00', '220.00', '200.00']);
    expect(await s.smi.limitFile(0)).toBe(FAKE_GPU.defaultW);
    expect(result.stdout).toMatch(/power limit restored to 200 W/);
    expect(samplerGone(s.smi)).toBe(true);
  });

  for (const [signal, exitCode] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`restores the original limit when the sweep gets ${signal} mid-run`, async () => {
      const s = await setup({}, 1500);
      const { child, done } = ledgerbench(s, ['--models', 'qwen3:8b', '--tdp-levels', '50,100', '--repeats', '4', ...SHORT]);
      // Mid-sweep: the first level applied and a measured chat (after the warm-up) in flight.
      await waitFor(async () => (await s.smi.limitFile(0)) === 100 && s.ollama.chats.length >= 2, 60_000);
      child.kill(signal);
      const result = await done;
      expect(result.code).toBe(exitCode);
      expect(await s.smi.limitFile(0)).toBe(FAKE_GPU.defaultW);
      expect((await setLimits(s.smi)).at(-1)).toBe('200.00');
      expect(records(s.ledger).length).toBeLessThan(8);
      await sleep(200);
      expect(samplerGone(s.smi)).toBe(true);
    });
  }

  it('stops before any run, with one line, when the limit cannot be changed', async () => {
    const s = await setup({ permission: 'denied' });
    const result = await ledgerbench(s, ['--models', 'qwen3:8b', '--tdp-levels', '80', ...SHORT]).done;
    expect(result.code).toBe(2);
    const lines = result.stderr.split('\n').filter(Boolean);
    expect(lines).toEqual([
      'ledgerbench run: GPU 0: cannot change the power limit (nvidia-smi -i 0 -pl 200.00: Insufficient Permissions); run as root to sweep --tdp-levels, or add --tdp-unmanaged to run the levels without changing the limit',
    ]);
    expect(records(s.ledger)).toEqual([]);
    expect(s.ollama.chats).toHaveLength(0);
    expect(await s.smi.limitFile(0)).toBeNull();
  });

  it('goes on with --tdp-unmanaged and records managed: false', async () => {
    const s = await setup({ permission: 'denied' });
    const result = await ledgerbench(s, ['--models', 'qwen3:8b', '--tdp-levels', '50,250w', '--tdp-unmanaged', ...SHORT]).done;
    expect(result.code).toBe(0);
    expect(records(s.ledger).map((r) => r.power_limit)).toEqual([
      { request: '50', mode: 'percent', requested_w: 100, applied_w: FAKE_GPU.defaultW, clamped: false, managed: false },
      { request: '250w', mode: 'watts', requested_w: 250, applied_w: FAKE_GPU.defaultW, clamped: true, managed: false },
    ]);
    expect(await setLimits(s.smi)).toEqual([]);
  });

  it('never changes the limit without --tdp-levels', async () => {
    const s = await setup();
    const result = await ledgerbench(s, ['--models', 'qwen3:8b', ...SHORT]).done;
    expect(result.code).toBe(0);
    const [run] = records(s.ledger);
    expect(run.power_limit).toMatchObject({ request: null, mode: null, requested_w: null, applied_w: FAKE_GPU.defaultW });
    expect(run.energy.method).toBe('nvml-counter');
    expect(await setLimits(s.smi)).toEqual([]);
    expect(await s.smi.limitFile(0)).toBeNull();
  });

  it('never invokes nvidia-smi for a sim: model', async () => {
    const s = await setup();
    const result = await ledgerbench(s, ['--models', 'sim:small', '--tdp-levels', '50', ...SHORT]).done;
    expect(result.code).toBe(0);
    expect(records(s.ledger)).toHaveLength(1);
    expect(await s.smi.invocations()).toEqual([]);
  });
});
