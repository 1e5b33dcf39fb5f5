import type { ComparableRun } from '../../../core/paired/run-row.ts';

let counter = 0;

/** A comparison row with defaults; only the fields a test is about need naming. */
export function run(overrides: Partial<ComparableRun>): ComparableRun {
  counter += 1;
  return {
    run_id: `run-${String(counter).padStart(6, '0')}`,
    recorded_at: '2026-01-01T00:00:00.000Z',
    model: 'qwen3:8b',
    experiment: 'suite',
    task_id: 't1',
    arm: 'plain',
    repeat: 0,
    sample: 0,
    power_level: 'default',
    applied_w: null,
    passed: true,
    score: 1,
    format_score: null,
    output_tokens: 100,
    wall_ms: 1000,
    joules: 100,
    usd: 0.001,
    simulated: false,
    harness_suspect: null,
    ...overrides,
  };
}

/** Runs for one model from a pass/fail string per task: `tasks(model, ['PF', 'PP'])` → t0 passes then fails, t1 passes twice. */
export function tasks(model: string, outcomes: readonly string[], extra: Partial<ComparableRun> = {}): ComparableRun[] {
  return outcomes.flatMap((letters, index) =>
    [...letters].map((letter, repeat) =>
      run({ model, task_id: `t${String(index).padStart(3, '0')}`, repeat, passed: letter === 'P', score: letter === 'P' ? 1 : 0, ...extra }),
    ),
  );
}
