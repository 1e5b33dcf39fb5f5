import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../../core/model-spec.ts';
import type { GenerateRequest, GenerateResult } from '../../../runner/backends/backend.ts';
import { parseRunFlags } from '../../../runner/sweep/flags.ts';
import { runSweep } from '../../../runner/sweep/loop.ts';
import { optionsFromFlags, runTarget } from '../../../runner/sweep/options.ts';
import { RunRecordSchema } from '../../../schema/run-record.ts';
import { SumBackend, makeSuiteDir, tempDir, testEffects } from './support.ts';

/** A SumBackend whose answers take a while, counting how many requests are in flight at once. */
class SlowSumBackend extends SumBackend {
  inFlight = 0;
  maxInFlight = 0;
  constructor(
    spec: ModelSpec,
    private readonly shared: { inFlight: number; maxInFlight: number },
  ) {
    super(spec);
  }
  override async generate(request: GenerateRequest): Promise<GenerateResult> {
    this.inFlight++;
    this.shared.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.shared.maxInFlight = Math.max(this.shared.maxInFlight, this.shared.inFlight);
    try {
      // Uneven durations, so runs finish out of plan order.
      await new Promise((resolve) => setTimeout(resolve, 5 + (this.requests.length % 3) * 7));
      return await super.generate(request);
    } finally {
      this.inFlight--;
      this.shared.inFlight--;
    }
  }
}

function request(argv: string[]) {
  const flags = parseRunFlags(argv);
  const target = runTarget(flags);
  return { target, options: target.resume === null ? optionsFromFlags(flags) : null };
}

function ledgerText(path: string) {
  const text = readFileSync(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => RunRecordSchema.parse(JSON.parse(line)));
}

function setup(taskCount: number) {
  const dirs = makeSuiteDir(taskCount);
  const ledgers = tempDir();
  const shared = { inFlight: 0, maxInFlight: 0 };
  const backends = new Map<string, SlowSumBackend>();
  const backendFor = (spec: ModelSpec) => {
    if (!backends.has(spec.spec)) backends.set(spec.spec, new SlowSumBackend(spec, shared));
    return backends.get(spec.spec)!;
  };
  return { dirs, ledgers, shared, backends, backendFor };
}

describe('--concurrency', () => {
  it('keeps N requests in flight per model server and writes every planned run once, whole, marked', async () => {
    const { dirs, ledgers, shared, backends, backendFor } = setup(9);
    const argv = ['--models', 'qwen3:8b,qwen3:4b', '--repeats', '2', '--ledgers-dir', ledgers, '--concurrency', '4'];
    const { target, options } = request(argv);
    const outcome = await runSweep(target, options, testEffects(dirs, backendFor));
    expect(outcome).toMatchObject({ planned: 36, done: 36, written: 36, passed: 36 });
    const records = ledgerText(outcome.ledgerPath!);
    expect(records).toHaveLength(36);
    expect(new Set(records.map((r) => r.run_id)).size).toBe(36);
    expect(records.every((r) => r.concurrency === 4)).toBe(true);
    // Four at once, never more, and one model server at a time (models run one after the other).
    expect([...backends.values()].map((b) => b.maxInFlight)).toEqual([4, 4]);
    expect(shared.maxInFlight).toBe(4);
    expect(records.findIndex((r) => r.model.name === 'qwen3:4b')).toBe(18);
  });

  it('the default is one request at a time, and 1 is recorded', async () => {
    const { dirs, ledgers, shared, backendFor } = setup(4);
    const { target, options } = request(['--models', 'qwen3:8b', '--ledgers-dir', ledgers]);
    const outcome = await runSweep(target, options, testEffects(dirs, backendFor));
    expect(shared.maxInFlight).toBe(1);
    expect(ledgerText(outcome.ledgerPath!).map((r) => r.concurrency)).toEqual([1, 1, 1, 1]);
  });

  it('a stop lets the runs in flight finish and write; --resume at another concurrency finishes exactly once', async () => {
    const { dirs, ledgers, backendFor } = setup(10);
    const controller = new AbortController();
    const backend = backendFor({ spec: 'qwen3:8b', backend: 'ollama', name: 'qwen3:8b' });
    backend.onGenerate = () => {
      if (backend.requests.length === 6) controller.abort();
    };
    const first = request(['--models', 'qwen3:8b', '--repeats', '2', '--ledgers-dir', ledgers, '--concurrency', '4']);
    const stopped = await runSweep(first.target, first.options, testEffects(dirs, backendFor, { stop: controller.signal }));
    expect(stopped.interrupted).toBe(true);
    // Every request that was sent was answered (this backend ignores the signal) and recorded.
    expect(ledgerText(stopped.ledgerPath!)).toHaveLength(backend.requests.length);
    expect(stopped.written).toBe(backend.requests.length);
    expect(backend.requests.length).toBeLessThan(20);

    backend.onGenerate = null;
    const again = request(['--resume', stopped.sweepId, '--ledgers-dir', ledgers, '--concurrency', '3']);
    const resumed = await runSweep(again.target, again.options, testEffects(dirs, backendFor));
    expect(resumed).toMatchObject({ done: 20, interrupted: false });
    const records = ledgerText(stopped.ledgerPath!);
    expect(records).toHaveLength(20);
    expect(new Set(records.map((r) => r.run_id)).size).toBe(20);
    expect(backend.requests).toHaveLength(20);
    expect(new Set(records.map((r) => r.concurrency))).toEqual(new Set([4, 3]));
  });
});
