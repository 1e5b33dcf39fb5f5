import { describe, expect, it } from 'vitest';
import { RunRecordSchema } from '../../../schema/run-record.ts';
import { TransportError } from '../../../runner/backends/backend.ts';
import { optionsFromFlags } from '../../../runner/sweep/options.ts';
import { parseRunFlags } from '../../../runner/sweep/flags.ts';
import { buildPlan } from '../../../runner/sweep/plan.ts';
import { buildRecord, runParams, simulatedPowerLimit, transportOutcome, untouchedPowerLimit } from '../../../runner/sweep/record.ts';
import { taskHash } from '../../../runner/sweep/run-id.ts';

const options = (argv: string[] = []) => optionsFromFlags(parseRunFlags(['--models', 'sim:small', ...argv]));

const run = buildPlan({
  sweepId: 'sweep-20260102T030405Z-beef',
  models: ['sim:small'],
  experiments: [
    {
      manifest: { id: 'm', title: '', description: '', evaluator: 'numeric@1', tasks_file: 'tasks.jsonl', defaults: {}, source: 'original' },
      tasks: [{ id: 't1', family: 'units', prompt: 'How many?', reference: 12, evaluator: 'numeric@1', success: 'the number 12' }],
    },
  ],
  arms: ['plain'],
  repeats: 1,
  samples: 2,
  tdpLevels: ['80'],
})[1]!;

describe('runParams', () => {
  it('prefers the command line, then the suite, then the built-in defaults', () => {
    expect(runParams(options(), {}, 0)).toEqual({ temperature: 0, seed: 1234, max_tokens: 1024 });
    expect(runParams(options(), { temperature: 0.2, max_tokens: 300 }, 0)).toEqual({ temperature: 0.2, seed: 1234, max_tokens: 300 });
    expect(runParams(options(['--temperature', '0', '--max-tokens', '99']), { temperature: 0.2, max_tokens: 300 }, 0)).toMatchObject({
      temperature: 0,
      max_tokens: 99,
    });
  });

  it('varies the seed per sample and adds server options only when set', () => {
    expect(runParams(options(['--seed', '7']), {}, 3).seed).toBe(10);
    expect(runParams(options(['--num-ctx', '4096', '--keep-alive', '5m', '--think']), {}, 0)).toMatchObject({ num_ctx: 4096, keep_alive: '5m', think: true });
    expect(Object.keys(runParams(options(), {}, 0)).sort()).toEqual(['max_tokens', 'seed', 'temperature']);
  });
});

describe('power limits', () => {
  it("uses the simulator's own power_limit when it reported a valid one", () => {
    const reported = { request: '80', mode: 'percent', requested_w: 200, applied_w: 200, simulated: true };
    expect(simulatedPowerLimit('80', { power_limit: reported })).toEqual(reported);
  });
  it('falls back to the request, with no watts applied', () => {
    expect(simulatedPowerLimit('250w', {})).toEqual({ request: '250w', mode: 'watts', requested_w: 250, applied_w: null, simulated: true });
    expect(simulatedPowerLimit(null, undefined)).toMatchObject({ request: null, mode: null, applied_w: null });
  });
});

describe('buildRecord', () => {
  const base = {
    run,
    sweepId: 'sweep-20260102T030405Z-beef',
    recordedAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
    simulated: true,
    model: { name: 'small', backend: 'sim' as const },
    host: { hostname: 'h', gpu: null },
    params: { temperature: 0, seed: 1235, max_tokens: 64 },
    prompt: 'How many?',
    powerLimit: untouchedPowerLimit(),
    wallMs: 12,
    energy: { method: 'simulated' as const, joules: 3.5, valid: true, reason: null },
    cost: { usd: 0.0001, basis: 'energy' as const },
    tool: { name: 'ledgerbench', version: '0.1.0' },
    attempt: 0,
    concurrency: 1,
  };

  it('assembles a valid record from a result and an evaluation', () => {
    const record = buildRecord({
      ...base,
      result: {
        text: 'Answer: 12',
        done_reason: 'stop',
        tokens: { prompt: 5, output: 3, source: 'server' },
        timing: { wall_ms: 40 },
        extra: { power_limit: { request: '80' }, timings: { predicted_n: 3 }, seed: 999 },
      },
      outcome: { evaluation: { evaluator: 'numeric@1', score: 1, passed: true }, failure: null, sandbox: { protections: ['rlimit'], missing: [] } },
    });
    expect(RunRecordSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({
      run_id: run.run_id,
      experiment: 'm',
      task: { id: 't1', family: 'units', hash: taskHash(run.task), success: 'the number 12' },
      sample: 1,
      request: { prompt: 'How many?' },
      response: { text: 'Answer: 12', done_reason: 'stop' },
      recorded_at: '2026-01-02T03:04:05.000Z',
      sandbox: { protections: ['rlimit'], missing: [] },
    });
    // Backend extras are kept, but never override the requested params, and power_limit is not a param.
    expect(record.params).toEqual({ timings: { predicted_n: 3 }, temperature: 0, seed: 1235, max_tokens: 64 });
  });

  it('records a transport failure with an empty answer, score 0 and the class', () => {
    const error = new TransportError('connection_refused', 'connect ECONNREFUSED 127.0.0.1:11434');
    const record = buildRecord({ ...base, result: null, outcome: transportOutcome(error, 'numeric@1') });
    expect(RunRecordSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({
      response: { text: '', done_reason: null },
      tokens: { prompt: null, output: null, source: 'estimate' },
      timing: { wall_ms: 12 },
      evaluation: { evaluator: 'numeric@1', score: 0, passed: false },
      failure: { stage: 'transport', class: 'connection_refused', message: 'connect ECONNREFUSED 127.0.0.1:11434' },
    });
    expect(record.sandbox).toBeUndefined();
    // A first try carries no attempt field; a retry of a transport failure carries its number.
    expect('attempt' in record).toBe(false);
    const retry = buildRecord({ ...base, attempt: 2, result: null, outcome: transportOutcome(error, 'numeric@1') });
    expect(RunRecordSchema.parse(retry)).toEqual(retry);
    expect(retry.attempt).toBe(2);
    // Checked and cleared: an outage has no reply to suspect.
    expect(record.failure?.harness_suspect).toBeNull();
  });

  it('labels a failed reply cut at the token limit as a harness suspect, and leaves a passed run alone', () => {
    const cut = {
      text: 'Answer: 1',
      done_reason: 'length',
      tokens: { prompt: 5, output: 64, source: 'server' as const },
      timing: { wall_ms: 40 },
    };
    const wrong = {
      evaluation: { evaluator: 'numeric@1', score: 0, passed: false },
      failure: { stage: 'semantic' as const, class: 'wrong_answer', message: 'expected 12, got 1' },
    };
    const record = buildRecord({ ...base, result: cut, outcome: wrong });
    expect(RunRecordSchema.parse(record)).toEqual(record);
    expect(record.failure?.harness_suspect).toEqual({ reason: 'max_tokens', evidence: expect.stringContaining('done_reason length') });
    const stopped = buildRecord({ ...base, result: { ...cut, done_reason: 'stop' }, outcome: wrong });
    expect(stopped.failure?.harness_suspect).toBeNull();
  });
});
