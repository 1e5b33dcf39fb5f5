import { describe, expect, it } from 'vitest';
import type { Experiment } from '../../../schema/experiment.ts';
import { buildPlan, describePlan, MAX_PLAN_RUNS, planHash, planSize } from '../../../runner/sweep/plan.ts';
import { runId } from '../../../runner/sweep/run-id.ts';

function suite(id: string, taskIds: string[]): Experiment {
  return {
    manifest: { id, title: id, description: '', evaluator: 'numeric@1', tasks_file: 'tasks.jsonl', defaults: {}, source: 'original' },
    tasks: taskIds.map((task, i) => ({ id: task, family: 'f', prompt: `p${i}`, reference: i, evaluator: 'numeric@1' })),
  };
}

const input = {
  sweepId: 'sweep-20260102T030405Z-beef',
  models: ['sim:small', 'qwen3:8b'],
  experiments: [suite('a', ['a1', 'a2', 'a3']), suite('b', ['b1'])],
  arms: ['plain', 'contract'],
  repeats: 2,
  samples: 3,
  tdpLevels: ['80', '250w'],
};

describe('buildPlan', () => {
  it('refuses a plan over MAX_PLAN_RUNS before building it (a huge --repeats once exhausted the heap)', () => {
    expect(planSize(input)).toBe(buildPlan(input).length);
    const huge = { ...input, repeats: 99_999_999_999 };
    expect(planSize(huge)).toBeGreaterThan(MAX_PLAN_RUNS);
    const started = Date.now();
    expect(() => buildPlan(huge)).toThrow(/would make [\d,]+ runs, more than the 1,000,000 one sweep may plan; lower --repeats/);
    expect(Date.now() - started).toBeLessThan(1_000);
    const atLimit = { ...input, tdpLevels: null, models: ['sim:small'], arms: ['plain'], samples: 1, repeats: MAX_PLAN_RUNS / 4 + 1 };
    expect(planSize(atLimit)).toBe(MAX_PLAN_RUNS + 4);
    expect(() => buildPlan(atLimit)).toThrow(/1,000,004 runs/);
  });

  it('has one run per level x model x task x arm x repeat x sample', () => {
    const plan = buildPlan(input);
    expect(plan).toHaveLength(2 * 2 * (3 + 1) * 2 * 2 * 3);
    expect(plan.map((run) => run.index)).toEqual(plan.map((_, i) => i));
    expect(new Set(plan.map((run) => run.run_id)).size).toBe(plan.length);
  });

  it('orders power levels outermost, then models, experiments, tasks, arms, repeats, samples', () => {
    const plan = buildPlan(input);
    const key = (run: (typeof plan)[number]) => [
      input.tdpLevels.indexOf(run.power!),
      input.models.indexOf(run.model),
      run.experiment === 'a' ? 0 : 1,
      run.task.id,
      input.arms.indexOf(run.arm),
      run.repeat,
      run.sample,
    ];
    const sorted = [...plan].sort((x, y) => {
      const a = key(x);
      const b = key(y);
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
      return 0;
    });
    expect(plan.map((run) => run.run_id)).toEqual(sorted.map((run) => run.run_id));
    expect(plan[0]).toMatchObject({ power: '80', model: 'sim:small', experiment: 'a', arm: 'plain', repeat: 0, sample: 0 });
    expect(plan[1]).toMatchObject({ power: '80', sample: 1 });
    expect(plan.at(-1)).toMatchObject({ power: '250w', model: 'qwen3:8b', experiment: 'b', arm: 'contract', repeat: 1, sample: 2 });
    // The level only changes once, half way: all of '80' comes before any '250w'.
    expect(plan.findIndex((run) => run.power === '250w')).toBe(plan.length / 2);
  });

  it('uses a single null level when no --tdp-levels were given', () => {
    const plan = buildPlan({ ...input, tdpLevels: null });
    expect(plan).toHaveLength(96);
    expect(plan.every((run) => run.power === null)).toBe(true);
  });

  it('gives stable run ids: the same inputs the same ids, any changed part a new id', () => {
    const first = buildPlan(input);
    const again = buildPlan(structuredClone(input));
    expect(again.map((run) => run.run_id)).toEqual(first.map((run) => run.run_id));
    const run = first[7]!;
    expect(run.run_id).toBe(
      runId({
        sweep_id: input.sweepId,
        model: run.model,
        experiment: run.experiment,
        task: run.task.id,
        arm: run.arm,
        repeat: run.repeat,
        sample: run.sample,
        power: run.power,
      }),
    );
    expect(run.run_id).toMatch(/^[0-9a-f]{16}$/);
    const other = buildPlan({ ...input, sweepId: 'sweep-20260102T030405Z-cafe' });
    expect(other.some((r, i) => r.run_id === first[i]!.run_id)).toBe(false);
    expect(planHash(other)).not.toBe(planHash(first));
    expect(planHash(again)).toBe(planHash(first));
  });

  it("a resume lists the next runs to make, not the plan's first (already done) runs", () => {
    const plan = buildPlan(input);
    const text = describePlan(plan, 2, plan.slice(10)).join('\n');
    expect(text).toContain(`total: ${plan.length} runs`);
    expect(text).toContain('next 2 runs to make:');
    expect(text).toContain(plan[10]!.run_id);
    expect(text).not.toContain(plan[0]!.run_id);
  });

  it('traces the total to its factors, so a surprising size points at its flag', () => {
    const text = describePlan(buildPlan(input), 0).join('\n');
    expect(text).toContain('total: 192 runs (= 2 power levels × 2 models × 4 tasks × 2 arms × 2 repeats × 3 samples)');
  });

  it('describes the plan with per-group counts, the total and the first runs', () => {
    const plan = buildPlan({ ...input, models: ['sim:small'], tdpLevels: null, samples: 1 });
    const text = describePlan(plan, 3).join('\n');
    expect(text).toMatch(/as-is\s+sim:small\s+a\s+12/);
    expect(text).toMatch(/as-is\s+sim:small\s+b\s+4/);
    expect(text).toContain('total: 16 runs (= 1 power level × 1 model × 4 tasks × 2 arms × 2 repeats × 1 sample)');
    expect(text).toContain(plan[2]!.run_id);
    expect(text).not.toContain(plan[3]!.run_id);
  });
});
