import { existsSync, readdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../lib/cli-error.ts';
import { RunRecordSchema, type PowerLimit } from '../../../schema/run-record.ts';
import type { ModelSpec } from '../../../core/model-spec.ts';
import type { Backend } from '../../../runner/backends/backend.ts';
import type { GpuContext } from '../../../runner/gpu/gpu-context.ts';
import { parseRunFlags } from '../../../runner/sweep/flags.ts';
import { runSweep } from '../../../runner/sweep/loop.ts';
import { optionsFromFlags, runTarget } from '../../../runner/sweep/options.ts';
import { acquireSweepLock } from '../../../runner/ledger/lock.ts';
import { SweepSidecarSchema } from '../../../runner/ledger/sidecar.ts';
import { SumBackend, TransportError, makeSuiteDir, tempDir, testEffects } from './support.ts';

/** Flags → (target, options) exactly as the command does it. */
function request(argv: string[]) {
  const flags = parseRunFlags(argv);
  const target = runTarget(flags);
  return { target, options: target.resume === null ? optionsFromFlags(flags) : null };
}

function ledgerLines(path: string) {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => RunRecordSchema.parse(JSON.parse(line)));
}

function setup(taskCount = 4) {
  const dirs = makeSuiteDir(taskCount);
  const ledgers = tempDir();
  const backends = new Map<string, SumBackend>();
  const backendFor = (spec: ModelSpec) => {
    if (!backends.has(spec.spec)) backends.set(spec.spec, new SumBackend(spec, { simulated: spec.backend === 'sim' }));
    return backends.get(spec.spec)!;
  };
  return { dirs, ledgers, backends, backendFor };
}

describe('runSweep', () => {
  it('tells onLedgerOpen the resume command once the ledger is open, and never for a dry run', async () => {
    const { dirs, ledgers, backendFor } = setup(2);
    const told: string[] = [];
    const effects = { ...testEffects(dirs, backendFor), onLedgerOpen: (command: string) => void told.push(command) };
    const dry = request(['--models', 'qwen3:8b', '--ledgers-dir', ledgers, '--dry-run']);
    await runSweep(dry.target, dry.options, effects);
    expect(told).toEqual([]);
    const { target, options } = request(['--models', 'qwen3:8b', '--ledgers-dir', ledgers]);
    const outcome = await runSweep(target, options, effects);
    expect(told).toEqual([`npx ledgerbench run --resume ${outcome.sweepId} --ledgers-dir ${ledgers}`]);
  });

  it('runs every planned run once and writes valid records, a sidecar and a summary', async () => {
    const { dirs, ledgers, backends, backendFor } = setup(4);
    const effects = testEffects(dirs, backendFor);
    const { target, options } = request([
      '--models',
      'qwen3:8b,openai:local',
      '--arms',
      'plain,terse',
      '--repeats',
      '2',
      '--base-url',
      'http://127.0.0.1:9/v1',
      '--ledgers-dir',
      ledgers,
    ]);
    const outcome = await runSweep(target, options, effects);

    expect(outcome.sweepId).toBe('sweep-20260102T030405Z-beef');
    const records = ledgerLines(outcome.ledgerPath!);
    expect(records).toHaveLength(2 * 4 * 2 * 2);
    expect(new Set(records.map((r) => r.run_id)).size).toBe(records.length);
    expect(outcome).toMatchObject({ planned: 32, done: 32, written: 32, passed: 32, failed: 0, transport: 0, interrupted: false });
    const first = records[0]!;
    expect(first).toMatchObject({
      sweep_id: outcome.sweepId,
      simulated: false,
      model: { name: 'qwen3:8b', backend: 'ollama' },
      host: { hostname: 'test-host', gpu: null },
      experiment: 'tiny_math',
      task: { id: 'sum_001', family: 'odd' },
      arm: 'plain',
      repeat: 0,
      sample: 0,
      params: { temperature: 0, seed: 1234, max_tokens: 64 },
      request: { prompt: 'What is 1 + 10? End with Answer: <number>' },
      power_limit: { request: null, applied_w: null },
      energy: { method: 'none', joules: null, valid: false, reason: 'no GPU: nvidia-smi not found' },
      evaluation: { evaluator: 'numeric@1', score: 1, passed: true },
      failure: null,
      cost: { basis: 'energy', usd: null },
      tool: { name: 'ledgerbench', version: JSON.parse(readFileSync('package.json', 'utf8')).version },
    });
    expect(records.find((r) => r.arm === 'terse')!.request!.prompt).toBe('Be brief.\n\nWhat is 1 + 10? End with Answer: <number>');
    // Model order is the outer loop: every qwen3 run before the first openai run.
    expect(records.findIndex((r) => r.model.backend === 'openai')).toBe(16);
    expect([...backends.values()].map((b) => b.warmups)).toEqual([1, 1]);

    const sidecar = SweepSidecarSchema.parse(JSON.parse(readFileSync(join(ledgers, `${outcome.sweepId}.sweep.json`), 'utf8')));
    expect(sidecar).toMatchObject({ ledger: `${outcome.sweepId}.jsonl`, plan: { runs: 32 }, options: { experiments: ['tiny_math'], repeats: 2 } });
    expect(effects.out.join('')).toMatch(/32 written \(32 passed, 0 failed, 0 transport\), 32\/32 planned runs .* 0 remaining; power limit untouched/);
    expect(readdirSync(ledgers).sort()).toEqual([`${outcome.sweepId}.jsonl`, `${outcome.sweepId}.sweep.json`]);
  });

  it('refuses to resume a sweep another live process is running', async () => {
    const { dirs, ledgers, backendFor } = setup(2);
    const controller = new AbortController();
    controller.abort();
    const first = request(['--models', 'qwen3:8b', '--ledgers-dir', ledgers]);
    const stopped = await runSweep(first.target, first.options, testEffects(dirs, backendFor, { stop: controller.signal }));
    expect(stopped).toMatchObject({ written: 0, interrupted: true });
    const ledgerPath = join(ledgers, `${stopped.sweepId}.jsonl`);
    const held = await acquireSweepLock({ ledgerPath, lockFile: join(ledgers, `${stopped.sweepId}.lock`) });
    const again = request(['--resume', stopped.sweepId, '--ledgers-dir', ledgers]);
    await expect(runSweep(again.target, again.options, testEffects(dirs, backendFor))).rejects.toThrow(new RegExp(`being run by process ${process.pid} on `));
    held.release();
    expect(readFileSync(ledgerPath, 'utf8')).toBe('');
  });

  it('turns a transport error that survives the retries into a record and goes on', async () => {
    const { dirs, ledgers, backendFor } = setup(3);
    const backend = backendFor({ spec: 'qwen3:8b', backend: 'ollama', name: 'qwen3:8b' });
    backend.failOn.set(0, new TransportError('model_not_found', 'model "qwen3:8b" not found', false));
    backend.failOn.set(1, new TransportError('http_5xx', 'HTTP 503'));
    const { target, options } = request(['--models', 'qwen3:8b', '--retries', '1', '--ledgers-dir', ledgers]);
    const outcome = await runSweep(target, options, testEffects(dirs, backendFor));
    const records = ledgerLines(outcome.ledgerPath!);
    expect(records.map((r) => r.task.id)).toEqual(['sum_001', 'sum_002', 'sum_003']);
    expect(records[0]).toMatchObject({
      response: { text: '', done_reason: null },
      evaluation: { score: 0, passed: false },
      failure: { stage: 'transport', class: 'model_not_found' },
    });
    // The 503 was retried once and then answered.
    expect(records[1]).toMatchObject({ failure: null, evaluation: { passed: true } });
    expect(backend.requests).toHaveLength(4);
    expect(outcome).toMatchObject({ written: 3, passed: 2, failed: 1, transport: 1 });
  });

  it('--dry-run prints the plan and writes nothing', async () => {
    const { dirs, backendFor } = setup(4);
    const ledgers = join(tempDir(), 'not-yet');
    const effects = testEffects(dirs, backendFor);
    const { target, options } = request(['--models', 'sim:small,qwen3:8b', '--samples', '2', '--dry-run', '--ledgers-dir', ledgers]);
    const outcome = await runSweep(target, options, effects);
    expect(outcome).toMatchObject({ dryRun: true, planned: 16, written: 0, ledgerPath: null });
    expect(effects.out.join('')).toMatch(/total: 16 runs/);
    expect(existsSync(ledgers)).toBe(false);
  });

  it.each([
    [['--experiments', 'missing'], /unknown experiment 'missing'/],
    [['--arms', 'plain,nope'], /unknown arm 'nope'/],
    [['--tdp-levels', '80'], /--tdp-levels needs an NVIDIA GPU/],
  ])('stops on %j before any run, creating no file', async (extra, message) => {
    const { dirs, backends, backendFor } = setup(2);
    const ledgers = join(tempDir(), 'ledgers');
    const { target, options } = request(['--models', 'qwen3:8b', '--ledgers-dir', ledgers, ...extra]);
    await expect(runSweep(target, options, testEffects(dirs, backendFor))).rejects.toThrow(message);
    expect(existsSync(ledgers)).toBe(false);
    expect([...backends.values()].flatMap((b) => b.requests)).toHaveLength(0);
  });

  it('a preflight failure stops the sweep before any file is created', async () => {
    const { dirs } = setup(2);
    const ledgers = join(tempDir(), 'ledgers');
    const unreachable = (spec: ModelSpec): Backend => ({
      ...new SumBackend(spec),
      spec,
      simulated: false,
      preflight: async () => {
        throw new CliError('cannot reach Ollama at http://127.0.0.1:11434: start it with `ollama serve`');
      },
      describe: async () => ({ name: spec.name, backend: spec.backend }),
      warmup: async () => {},
      generate: async () => {
        throw new Error('must not be called');
      },
    });
    const { target, options } = request(['--models', 'sim:small,qwen3:8b', '--ledgers-dir', ledgers]);
    await expect(runSweep(target, options, testEffects(dirs, unreachable))).rejects.toThrow(/cannot reach Ollama/);
    expect(existsSync(ledgers)).toBe(false);
  });

  it('sim-only sweeps never ask for a GPU context and pass the level to the simulator', async () => {
    const { dirs, ledgers, backends, backendFor } = setup(2);
    const effects = testEffects(dirs, backendFor, {
      createGpuContext: async () => {
        throw new Error('a sim: sweep must not touch the GPU layer');
      },
    });
    const { target, options } = request(['--models', 'sim:small', '--tdp-levels', '50,300w', '--ledgers-dir', ledgers]);
    const outcome = await runSweep(target, options, effects);
    const records = ledgerLines(outcome.ledgerPath!);
    expect(records.map((r) => r.power_limit.request)).toEqual(['50', '50', '300w', '300w']);
    expect(records[2]!.power_limit).toMatchObject({ mode: 'watts', requested_w: 300, simulated: true });
    expect(records.every((r) => r.simulated)).toBe(true);
    const sim = backends.get('sim:small')!;
    expect(sim.requests.map((r) => r.power)).toEqual([
      { request: '50', applied_w: null },
      { request: '50', applied_w: null },
      { request: '300w', applied_w: null },
      { request: '300w', applied_w: null },
    ]);
    expect(sim.warmups).toBe(2);
  });
});

/** A GPU context for the loop (no GPU here): records the calls the sweep makes, in order. */
function recordingGpu(calls: string[]): GpuContext {
  let restored = false;
  return {
    gpus: [{ index: 0, name: 'Test GPU', uuid: 'GPU-0000', driver: '550.00', memory_mb: 24576 }],
    meter: {
      begin: () => {
        calls.push('begin');
        return { startedAt: calls.length };
      },
      end: async () => {
        calls.push('end');
        return { method: 'nvml-counter', joules: 120.5, idle_w: 20, valid: true, reason: null };
      },
      measureIdle: async () => {
        calls.push('idle');
        return 20;
      },
      close: async () => void calls.push('close'),
    },
    power: {
      apply: async (level): Promise<PowerLimit> => {
        calls.push(`apply:${level}`);
        const watts = level === null ? 300 : Number(level.replace('w', ''));
        return { request: level, mode: level?.endsWith('w') ? 'watts' : 'percent', requested_w: watts, applied_w: watts, managed: true };
      },
      restore: async () => {
        calls.push(restored ? 'restore-again' : 'restore');
        restored = true;
        return 300;
      },
    },
  };
}

describe('runSweep with a GPU context', () => {
  it('applies each level, measures idle, meters every real run and restores the limit', async () => {
    const { dirs, ledgers, backendFor } = setup(2);
    const calls: string[] = [];
    const effects = testEffects(dirs, backendFor, { createGpuContext: async () => recordingGpu(calls) });
    const { target, options } = request(['--models', 'qwen3:8b,sim:small', '--tdp-levels', '200w,250w', '--ledgers-dir', ledgers]);
    const outcome = await runSweep(target, options, effects);
    expect(calls).toEqual(['apply:200w', 'idle', 'begin', 'end', 'begin', 'end', 'apply:250w', 'idle', 'begin', 'end', 'begin', 'end', 'restore', 'close']);
    const records = ledgerLines(outcome.ledgerPath!);
    const real = records.filter((r) => !r.simulated);
    expect(real.map((r) => r.power_limit.applied_w)).toEqual([200, 200, 250, 250]);
    expect(real[0]).toMatchObject({ energy: { method: 'nvml-counter', joules: 120.5 }, host: { gpu: { name: 'Test GPU' } }, cost: { basis: 'energy' } });
    expect(real[0]!.cost.usd).toBeCloseTo((120.5 / 3.6e6) * 0.15, 12);
    // Simulated runs in the same sweep are never metered or labelled with the real GPU.
    expect(records.filter((r) => r.simulated).every((r) => r.host.gpu === null && r.power_limit.simulated === true)).toBe(true);
    expect(effects.out.join('')).toContain('power limit restored to 300 W');
  });

  it('restores the limit and closes the meter when the sweep fails mid-way', async () => {
    const { dirs, ledgers } = setup(3);
    const calls: string[] = [];
    const broken = (spec: ModelSpec) => {
      const backend = new SumBackend(spec);
      backend.onGenerate = () => {
        if (backend.requests.length === 2) throw new Error('backend bug');
      };
      return backend;
    };
    const effects = testEffects(dirs, broken, { createGpuContext: async () => recordingGpu(calls) });
    const { target, options } = request(['--models', 'qwen3:8b', '--tdp-levels', '80', '--ledgers-dir', ledgers]);
    await expect(runSweep(target, options, effects)).rejects.toThrow('backend bug');
    expect(calls.slice(-2)).toEqual(['restore', 'close']);
    const ledger = readdirSync(ledgers).find((f) => f.endsWith('.jsonl'))!;
    expect(ledgerLines(join(ledgers, ledger))).toHaveLength(1);
    expect(effects.out.join('')).toMatch(/1 written .* 2 remaining; power limit restored to 300 W\nresume with: npx ledgerbench run --resume sweep-/);
  });
});

describe('stop and resume', () => {
  it('stops after the run in flight on a stop signal, then --resume finishes every run exactly once', async () => {
    const { dirs, ledgers, backendFor } = setup(5);
    const controller = new AbortController();
    const backend = backendFor({ spec: 'qwen3:8b', backend: 'ollama', name: 'qwen3:8b' });
    backend.onGenerate = () => {
      if (backend.requests.length === 3) controller.abort();
    };
    const argv = ['--models', 'qwen3:8b', '--repeats', '2', '--ledgers-dir', ledgers];
    const first = request(argv);
    const stopped = await runSweep(first.target, first.options, testEffects(dirs, backendFor, { stop: controller.signal }));
    expect(stopped).toMatchObject({ interrupted: true, written: 3, planned: 10 });
    expect(ledgerLines(stopped.ledgerPath!)).toHaveLength(3);

    // A torn tail, as a power cut during a write would leave it, must not stop the resume.
    const fragment = '{"schema":"ledgerbench.run/1","run_id":"trunc';
    appendFileSync(stopped.ledgerPath!, fragment);
    backend.onGenerate = null;
    const resumeEffects = testEffects(dirs, backendFor);
    const again = request(['--resume', stopped.sweepId, '--ledgers-dir', ledgers]);
    const resumed = await runSweep(again.target, again.options, resumeEffects);
    expect(resumed).toMatchObject({ interrupted: false, written: 7, done: 10 });
    expect(resumeEffects.err.join('')).toContain(`:4: torn last line (${fragment.length} bytes, no newline) left in place`);

    const lines = readFileSync(stopped.ledgerPath!, 'utf8').split('\n');
    expect(lines[3]).toBe(fragment);
    const records = lines.filter((line, i) => line !== '' && i !== 3).map((line) => RunRecordSchema.parse(JSON.parse(line)));
    expect(records).toHaveLength(10);
    expect(new Set(records.map((r) => r.run_id)).size).toBe(10);
    // The prompts sent after resuming are exactly the ones not sent before.
    expect(backend.requests).toHaveLength(10);

    const preview = testEffects(dirs, backendFor);
    const dry = request(['--resume', stopped.sweepId, '--ledgers-dir', ledgers, '--dry-run']);
    await runSweep(dry.target, dry.options, preview);
    expect(preview.out.join('')).toContain('already in the ledger: 10; a resume would make the other 0');

    const done = testEffects(dirs, backendFor);
    const noop = await runSweep(again.target, again.options, done);
    expect(noop.written).toBe(0);
    expect(done.out.join('')).toMatch(/all 10 planned runs are already in/);
  });

  it('refuses to resume when the suite changed under the sweep', async () => {
    const { dirs, ledgers, backendFor } = setup(3);
    const first = request(['--models', 'qwen3:8b', '--ledgers-dir', ledgers]);
    const outcome = await runSweep(first.target, first.options, testEffects(dirs, backendFor));
    writeFileSync(join(dirs.root, 'tiny_math', 'tasks.jsonl'), `${JSON.stringify({ id: 'new', family: 'f', prompt: 'What is 1 + 1?', reference: 2 })}\n`);
    const again = request(['--resume', outcome.sweepId, '--ledgers-dir', ledgers]);
    await expect(runSweep(again.target, again.options, testEffects(dirs, backendFor))).rejects.toThrow(/differs from the one the sweep started with/);
  });
});

/** The standing record of each run_id (highest attempt), as the ledger's final picture has it. */
function finalPicture(records: ReturnType<typeof ledgerLines>) {
  const standing = new Map<string, (typeof records)[number]>();
  for (const record of records) {
    const seen = standing.get(record.run_id);
    if (!seen || (record.attempt ?? 0) > (seen.attempt ?? 0)) standing.set(record.run_id, record);
  }
  return standing;
}

describe('outages', () => {
  const refused = () => new TransportError('connection_refused', 'connect ECONNREFUSED 127.0.0.1:11434', false);

  it('stops after --max-transport-failures runs in a row fail at transport, and says how to resume', async () => {
    const { dirs, ledgers, backendFor } = setup(8);
    const backend = backendFor({ spec: 'qwen3:8b', backend: 'ollama', name: 'qwen3:8b' });
    for (let call = 0; call < 8; call++) backend.failOn.set(call, refused());
    const effects = testEffects(dirs, backendFor);
    const { target, options } = request(['--models', 'qwen3:8b', '--max-transport-failures', '3', '--ledgers-dir', ledgers]);
    const outcome = await runSweep(target, options, effects);
    expect(outcome).toMatchObject({ written: 3, transport: 3, done: 3, transportLeft: 3, interrupted: false });
    expect(outcome.outage).toMatch(/^3 runs in a row failed at transport \(last: connection_refused: connect ECONNREFUSED/);
    expect(ledgerLines(outcome.ledgerPath!)).toHaveLength(3);
    const out = effects.out.join('');
    expect(out).toContain('stopped early: 3 runs in a row failed at transport');
    expect(out).toContain('so 5 runs were not made (exit 3)');
    expect(out).toContain('3 planned runs ended in a transport failure: not answered, so not model results (exit 3)');
    expect(out).toContain(`resume with: npx ledgerbench run --resume ${outcome.sweepId} --ledgers-dir ${ledgers}`);
    expect(out).not.toContain('retry them with');
  });

  it('an answered run resets the count; --max-transport-failures 0 never stops', async () => {
    const { dirs, ledgers, backendFor } = setup(6);
    const backend = backendFor({ spec: 'qwen3:8b', backend: 'ollama', name: 'qwen3:8b' });
    for (const call of [0, 1, 3, 4]) backend.failOn.set(call, refused());
    const first = request(['--models', 'qwen3:8b', '--max-transport-failures', '3', '--ledgers-dir', ledgers]);
    const outcome = await runSweep(first.target, first.options, testEffects(dirs, backendFor));
    expect(outcome).toMatchObject({ written: 6, transport: 4, transportLeft: 4, outage: null });

    const { ledgers: other, backendFor: down, backends } = { ...setup(6), ledgers: tempDir() };
    const second = request(['--models', 'qwen3:8b', '--max-transport-failures', '0', '--ledgers-dir', other]);
    const spec = { spec: 'qwen3:8b', backend: 'ollama' as const, name: 'qwen3:8b' };
    down(spec).warmupError = refused();
    for (let call = 0; call < 6; call++) down(spec).failOn.set(call, refused());
    const effects = testEffects(dirs, down);
    const never = await runSweep(second.target, second.options, effects);
    expect(never).toMatchObject({ written: 6, transport: 6, transportLeft: 6, outage: null });
    expect(backends.get('qwen3:8b')!.warmups).toBe(1);
    expect(effects.out.join('')).toContain(
      `6 planned runs ended in a transport failure: not answered, so not model results (exit 3)\nretry them with: npx ledgerbench run --resume ${never.sweepId}`,
    );
  });

  it('a warm-up that fails at transport after its retries stops the sweep before any run', async () => {
    const { dirs, ledgers, backendFor } = setup(3);
    const backend = backendFor({ spec: 'qwen3:8b', backend: 'ollama', name: 'qwen3:8b' });
    backend.warmupError = new TransportError('http_5xx', 'http://127.0.0.1:11434/api/chat answered HTTP 503');
    const effects = testEffects(dirs, backendFor);
    const { target, options } = request(['--models', 'qwen3:8b', '--retries', '2', '--ledgers-dir', ledgers]);
    const outcome = await runSweep(target, options, effects);
    expect(outcome.outage).toBe('the warm-up of qwen3:8b failed at transport (http_5xx: http://127.0.0.1:11434/api/chat answered HTTP 503)');
    expect(outcome).toMatchObject({ written: 0, done: 0, transportLeft: 0 });
    // One warm-up and its two retries; no run was sent.
    expect(backend.warmups).toBe(3);
    expect(backend.requests).toHaveLength(0);
    expect(readFileSync(outcome.ledgerPath!, 'utf8')).toBe('');
    expect(effects.out.join('')).toMatch(/stopped early: the warm-up of qwen3:8b failed .* so 3 runs were not made \(exit 3\)\nresume with: /);
  });

  it('--resume retries transport failures with attempt + 1: each planned run stands exactly once, answered', async () => {
    const { dirs, ledgers, backends, backendFor } = setup(4);
    const spec = { spec: 'qwen3:8b', backend: 'ollama' as const, name: 'qwen3:8b' };
    backendFor(spec).failOn.set(0, refused());
    backendFor(spec).failOn.set(2, refused());
    const first = request(['--models', 'qwen3:8b', '--repeats', '2', '--ledgers-dir', ledgers]);
    const stopped = await runSweep(first.target, first.options, testEffects(dirs, backendFor));
    expect(stopped).toMatchObject({ written: 8, transportLeft: 2, done: 8 });
    const failedIds = ledgerLines(stopped.ledgerPath!)
      .filter((r) => r.failure?.stage === 'transport')
      .map((r) => r.run_id);

    // The preview says what a resume would do.
    const preview = testEffects(dirs, backendFor);
    const dry = request(['--resume', stopped.sweepId, '--ledgers-dir', ledgers, '--dry-run']);
    await runSweep(dry.target, dry.options, preview);
    expect(preview.out.join('')).toContain('already in the ledger: 8, 2 of them transport failures; a resume would retry those and make the other 0');

    // --no-retry-transport keeps them: nothing to do, but the sweep still owes answers (exit 3).
    const keep = testEffects(dirs, backendFor);
    const kept = request(['--resume', stopped.sweepId, '--ledgers-dir', ledgers, '--no-retry-transport']);
    expect(await runSweep(kept.target, kept.options, keep)).toMatchObject({ written: 0, transportLeft: 2 });
    expect(keep.out.join('')).toMatch(
      /all 8 planned runs are already in .*; nothing to do\n2 planned runs ended in a transport failure.*\nretry them with: npx ledgerbench run --resume /,
    );

    backends.get('qwen3:8b')!.failOn.clear();
    const before = backends.get('qwen3:8b')!.requests.length;
    const again = request(['--resume', stopped.sweepId, '--ledgers-dir', ledgers]);
    const effects = testEffects(dirs, backendFor);
    const resumed = await runSweep(again.target, again.options, effects);
    expect(resumed).toMatchObject({ written: 2, retried: 2, transport: 0, transportLeft: 0, done: 8, outage: null });
    // Exactly the failed runs were sent again.
    expect(backends.get('qwen3:8b')!.requests.length - before).toBe(2);
    expect(effects.out.join('')).toContain('2 written (2 passed, 0 failed, 0 transport, 2 of them retries), 8/8 planned runs');

    const records = ledgerLines(stopped.ledgerPath!);
    expect(records).toHaveLength(10);
    // Append-only: the failed tries are still there, first, untouched.
    expect(
      records
        .slice(0, 8)
        .filter((r) => r.failure?.stage === 'transport')
        .map((r) => r.run_id),
    ).toEqual(failedIds);
    expect(records.slice(8).map((r) => [r.run_id, r.attempt])).toEqual(failedIds.map((id) => [id, 1]));
    const picture = finalPicture(records);
    expect(picture.size).toBe(8);
    expect([...picture.values()].every((r) => r.failure === null && r.evaluation.passed)).toBe(true);

    const noop = testEffects(dirs, backendFor);
    expect(await runSweep(again.target, again.options, noop)).toMatchObject({ written: 0, transportLeft: 0 });
    expect(noop.out.join('')).toMatch(/nothing to do\n$/);
  });

  it('a retry that fails again is attempt 2 on the next resume', async () => {
    const { dirs, ledgers, backends, backendFor } = setup(2);
    const spec = { spec: 'qwen3:8b', backend: 'ollama' as const, name: 'qwen3:8b' };
    backendFor(spec).failOn.set(0, refused());
    backendFor(spec).failOn.set(2, refused());
    const first = request(['--models', 'qwen3:8b', '--ledgers-dir', ledgers]);
    const outcome = await runSweep(first.target, first.options, testEffects(dirs, backendFor));
    const again = request(['--resume', outcome.sweepId, '--ledgers-dir', ledgers]);
    expect(await runSweep(again.target, again.options, testEffects(dirs, backendFor))).toMatchObject({ written: 1, retried: 1, transportLeft: 1 });
    backends.get('qwen3:8b')!.failOn.clear();
    expect(await runSweep(again.target, again.options, testEffects(dirs, backendFor))).toMatchObject({ written: 1, transportLeft: 0 });
    const records = ledgerLines(outcome.ledgerPath!);
    expect(records.map((r) => r.attempt ?? 0)).toEqual([0, 0, 1, 2]);
    expect(new Set(records.map((r) => r.run_id)).size).toBe(2);
    expect(finalPicture(records).get(records[0]!.run_id)!.failure).toBeNull();
  });
});

describe('the stop signal reaches every request', () => {
  it('is passed to preflight and warm-up, and a stop during the warm-up ends the sweep with nothing written', async () => {
    const { dirs, ledgers, backendFor } = setup(3);
    const controller = new AbortController();
    const spec = { spec: 'qwen3:8b', backend: 'ollama' as const, name: 'qwen3:8b' };
    const backend = backendFor(spec);
    // A warm-up that only ends when the stop signal aborts it, as the real backends do.
    backend.warmup = async (_params, signal) => {
      backend.signals.push(signal);
      setTimeout(() => controller.abort(new CliError('interrupted by SIGINT', 130)), 20);
      await new Promise((_resolve, reject) => signal!.addEventListener('abort', () => reject(signal!.reason), { once: true }));
    };
    const { target, options } = request(['--models', 'qwen3:8b', '--ledgers-dir', ledgers]);
    const outcome = await runSweep(target, options, testEffects(dirs, backendFor, { stop: controller.signal }));
    expect(backend.signals).toEqual([controller.signal, controller.signal]);
    expect(outcome).toMatchObject({ interrupted: true, written: 0, outage: null });
    expect(backend.requests).toHaveLength(0);
  });
});
