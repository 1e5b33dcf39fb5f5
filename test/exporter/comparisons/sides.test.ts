import { describe, expect, it } from 'vitest';
import { compareRuns, compareSides } from '../../../core/paired/compare.ts';
import { dualScoringRows, sortDualScoringRows } from '../../../core/paired/dual-scoring.ts';
import { cellsOfRuns, planComparisons, planFromCells } from '../../../core/paired/plan.ts';
import { medianOrNull, weightedMedianOrNull } from '../../../core/paired/power-levels.ts';
import type { ComparableRun } from '../../../core/paired/run-row.ts';
import { mulberry32 } from '../../../lib/prng.ts';
import { run } from '../../core/paired/make-run.ts';

/**
 * A sweep with everything pairing has to get right: three models (two mapped pairs), two suites,
 * two arms, three power levels with applied watts that vary within a level, repeats, a key run
 * twice (the later record wins), runs without a partner, energy that is sometimes invalid.
 */
function sweep(): ComparableRun[] {
  const random = mulberry32(11);
  const runs: ComparableRun[] = [];
  const levels = [
    ['100', 300],
    ['70', 210],
    ['40', 120],
  ] as const;
  for (const model of ['sim:large', 'sim:medium', 'sim:small']) {
    for (const experiment of ['math', 'code']) {
      for (const arm of ['plain', 'contract']) {
        for (const [power_level, watts] of levels) {
          for (let task = 0; task < 14; task++) {
            for (let repeat = 0; repeat < 3; repeat++) {
              if (random() < 0.05) continue;
              const passed = random() < 0.6;
              runs.push(
                run({
                  model,
                  experiment,
                  arm,
                  power_level,
                  applied_w: random() < 0.1 ? null : watts + Math.floor(random() * 3),
                  task_id: `t${String(task).padStart(2, '0')}`,
                  repeat,
                  passed,
                  score: passed ? 1 : random() / 2,
                  format_score: experiment === 'code' ? random() : null,
                  joules: random() < 0.2 ? null : 50 + random() * 300,
                  output_tokens: Math.floor(random() * 500),
                  wall_ms: 100 + random() * 900,
                  usd: random() < 0.5 ? null : random() / 100,
                  recorded_at: random() < 0.1 ? '2026-01-02T00:00:00.000Z' : '2026-01-01T00:00:00.000Z',
                }),
              );
            }
          }
        }
      }
    }
  }
  // One key recorded twice: the later record must win on both paths.
  runs.push(run({ ...runs[5]!, run_id: 'zz-rerun', recorded_at: '2026-02-01T00:00:00.000Z', passed: !runs[5]!.passed }));
  return runs;
}

const sideKey = (...parts: string[]) => parts.join('|');
// The SQL side query's order: task, repeat, sample, recorded_at, run_id within one side.
const sqlOrder = (a: ComparableRun, b: ComparableRun) =>
  (a.task_id < b.task_id ? -1 : a.task_id > b.task_id ? 1 : 0) ||
  a.repeat - b.repeat ||
  a.sample - b.sample ||
  (a.recorded_at < b.recorded_at ? -1 : a.recorded_at > b.recorded_at ? 1 : 0) ||
  (a.run_id < b.run_id ? -1 : 1);

describe('compareSides', () => {
  it('gives exactly the rows of compareRuns over all runs, loading each side once', async () => {
    const runs = sweep().sort(sqlOrder);
    const options = { candidates: { 'sim:large': ['sim:medium', 'sim:small'], 'sim:medium': ['sim:small'] }, holm: true };
    const loads = new Map<string, number>();
    let held = 0;
    const load = async (model: string, experiment: string, arm: string, level: string) => {
      const key = sideKey(model, experiment, arm, level);
      loads.set(key, (loads.get(key) ?? 0) + 1);
      held++;
      return runs.filter((r) => r.model === model && r.experiment === experiment && r.arm === arm && r.power_level === level);
    };
    const specs = planFromCells(cellsOfRuns(runs), options.candidates);
    expect(specs).toEqual(planComparisons(runs, options.candidates));
    const streamed = await compareSides(specs, load, options);
    const whole = compareRuns(runs, options);
    expect(streamed.rows.length).toBeGreaterThan(30);
    expect(JSON.stringify(streamed)).toBe(JSON.stringify(whole));
    expect([...loads.values()].every((count) => count === 1)).toBe(true);
    expect(held).toBe(loads.size);
  });

  it('reports sides that paired nothing, in plan order', async () => {
    const runs = [run({ model: 'a', task_id: 't1' }), run({ model: 'b', task_id: 't2' })];
    const specs = [
      {
        kind: 'model' as const,
        original: 'a',
        candidate: 'b',
        originalPowerLevel: 'default',
        candidatePowerLevel: 'default',
        experiment: 'suite',
        arm: 'plain',
      },
      {
        kind: 'model' as const,
        original: 'a',
        candidate: 'c',
        originalPowerLevel: 'default',
        candidatePowerLevel: 'default',
        experiment: 'suite',
        arm: 'plain',
      },
    ];
    const result = await compareSides(specs, async (model) => runs.filter((r) => r.model === model), { candidates: {} });
    expect(result.rows).toEqual([]);
    expect(result.empty.map((e) => [e.spec.candidate, e.originalRuns, e.candidateRuns])).toEqual([
      ['b', 1, 1],
      ['c', 1, 0],
    ]);
  });

  it('passes a loader failure through', async () => {
    const runs = sweep();
    const specs = planComparisons(runs, {});
    await expect(compareSides(specs, async () => Promise.reject(new Error('disk gone')), { candidates: {} })).rejects.toThrow('disk gone');
  });
});

describe('weightedMedianOrNull', () => {
  it('equals medianOrNull over the expanded values', () => {
    const random = mulberry32(3);
    for (let trial = 0; trial < 200; trial++) {
      const weighted = Array.from({ length: 1 + Math.floor(random() * 5) }, () => ({
        value: random() < 0.2 ? null : Math.round(random() * 40) / 4,
        count: Math.floor(random() * 4),
      }));
      const expanded = weighted.flatMap((w) => Array<number | null>(w.count).fill(w.value));
      expect(weightedMedianOrNull(weighted)).toBe(medianOrNull(expanded));
    }
    expect(weightedMedianOrNull([])).toBeNull();
    expect(weightedMedianOrNull([{ value: null, count: 3 }])).toBeNull();
    expect(
      weightedMedianOrNull([
        { value: 1, count: 1 },
        { value: 4, count: 1 },
      ]),
    ).toBe(2.5);
  });
});

describe('sortDualScoringRows', () => {
  it('rows built per model and experiment, sorted, equal the rows over all runs', () => {
    const runs = sweep().sort(sqlOrder);
    const groups = new Map<string, ComparableRun[]>();
    for (const r of runs) if (r.format_score !== null) groups.set(sideKey(r.model, r.experiment), [...(groups.get(sideKey(r.model, r.experiment)) ?? []), r]);
    // Reverse the group order so the sort, not the loop, decides.
    const pieces = [...groups.values()].reverse().flatMap((group) => dualScoringRows(group));
    const whole = dualScoringRows(runs);
    expect(whole.length).toBe(6);
    expect(JSON.stringify(sortDualScoringRows(pieces))).toBe(JSON.stringify(whole));
  });
});
