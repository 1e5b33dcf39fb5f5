import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelSpec } from '../../../core/model-spec.ts';
import type { Backend, GenerateRequest, GenerateResult } from '../../../runner/backends/backend.ts';
import { TransportError } from '../../../runner/backends/backend.ts';
import type { SweepEffects } from '../../../runner/sweep/effects.ts';
import { withRetries } from '../../../runner/retry.ts';
import { priceBookFrom } from '../../../runner/cost.ts';

/** A temp folder holding one small numeric suite and the plain arm, laid out like `experiments/`. */
export function makeSuiteDir(taskCount = 4): { root: string; arms: string; answers: Map<string, number> } {
  const root = mkdtempSync(join(tmpdir(), 'lb-suites-'));
  const answers = new Map<string, number>();
  mkdirSync(join(root, 'tiny_math'));
  writeFileSync(
    join(root, 'tiny_math', 'manifest.json'),
    JSON.stringify({ id: 'tiny_math', title: 'Tiny math', description: 'sums', evaluator: 'numeric@1', defaults: { max_tokens: 64 } }),
  );
  const lines = [];
  for (let i = 1; i <= taskCount; i++) {
    const id = `sum_${String(i).padStart(3, '0')}`;
    answers.set(id, i + 10);
    lines.push(JSON.stringify({ id, family: i % 2 === 0 ? 'even' : 'odd', prompt: `What is ${i} + 10? End with Answer: <number>`, reference: i + 10 }));
  }
  writeFileSync(join(root, 'tiny_math', 'tasks.jsonl'), `${lines.join('\n')}\n`);
  const arms = join(root, '_arms');
  mkdirSync(arms);
  writeFileSync(join(arms, 'plain.md'), '{{prompt}}\n');
  writeFileSync(join(arms, 'terse.md'), 'Be brief.\n\n{{prompt}}\n');
  return { root, arms, answers };
}

/**
 * A plain in-process model for the loop tests (not a network mock): it answers sums from the
 * prompt, reports tokens and timing the way a server would, and can be told to fail in transport.
 */
export class SumBackend implements Backend {
  readonly simulated: boolean;
  readonly requests: GenerateRequest[] = [];
  warmups = 0;
  /** Thrown by every warm-up when set. */
  warmupError: Error | null = null;
  /** The stop signal each warm-up and preflight was given. */
  readonly signals: Array<AbortSignal | undefined> = [];
  /** run index (0-based, counting generate calls) → error to throw on that call. */
  failOn = new Map<number, TransportError>();
  onGenerate: ((request: GenerateRequest) => void) | null = null;
  constructor(
    readonly spec: ModelSpec,
    options: { simulated?: boolean } = {},
  ) {
    this.simulated = options.simulated ?? false;
  }
  async preflight(signal?: AbortSignal): Promise<void> {
    this.signals.push(signal);
  }
  async describe() {
    return { name: this.spec.name, backend: this.spec.backend, family: 'test' };
  }
  async warmup(_params: unknown, signal?: AbortSignal): Promise<void> {
    this.warmups++;
    this.signals.push(signal);
    if (this.warmupError) throw this.warmupError;
  }
  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const call = this.requests.length;
    this.requests.push(request);
    this.onGenerate?.(request);
    const failure = this.failOn.get(call);
    if (failure) throw failure;
    const [, a, b] = /What is (\d+) \+ (\d+)/.exec(request.prompt) ?? [];
    const text = `The sum is ${Number(a) + Number(b)}.\nAnswer: ${Number(a) + Number(b)}`;
    return {
      text,
      done_reason: 'stop',
      tokens: { prompt: 20, output: 12, source: 'server' },
      timing: { wall_ms: 40, generation_ms: 30 },
    };
  }
}

/** Recording effects with a frozen clock; `backends` supplies the model for each spec. */
export function testEffects(
  dirs: { root: string; arms: string },
  backends: (spec: ModelSpec) => Backend,
  overrides: Partial<SweepEffects> = {},
): SweepEffects & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  let tick = 0;
  return {
    createBackend: async (spec) => backends(spec),
    createGpuContext: async () => null,
    withRetries,
    loadPriceBook: ({ usdPerKwh }) =>
      priceBookFrom({ usd_per_kwh: 0.15, default: { input_per_mtok: 1, output_per_mtok: 2 }, models: {} }, 'test prices', usdPerKwh),
    now: () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5) + tick++ * 1000),
    monotonicMs: () => tick * 1000,
    randomHex: () => 'beef',
    hostname: () => 'test-host',
    env: {},
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    isTTY: false,
    stop: new AbortController().signal,
    experimentsDir: dirs.root,
    armsDir: dirs.arms,
    retryBaseDelayMs: 0,
    ...overrides,
    out,
    err,
  };
}

export function tempDir(prefix = 'lb-ledgers-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export { TransportError };
