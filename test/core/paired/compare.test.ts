import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../../core/paired/compare.ts';
import { ComparisonsSchema } from '../../../schema/surfaces/comparisons.ts';
import { tasks } from './make-run.ts';

const letters = (passes: number, fails: number) => [...Array(passes).fill('P'), ...Array(fails).fill('F')] as string[];

describe('compareRuns', () => {
  it('builds schema-valid rows, Holm-adjusts within a pair across suites, and recommends the cheapest that holds up', () => {
    // Suite x: 300 tasks, both models identical → non-inferior. Suite y: the small model loses 12 of 14 discordant tasks.
    const big = [
      ...tasks('qwen3:14b', letters(250, 50), { experiment: 'x', usd: 0.01 }),
      ...tasks('qwen3:14b', letters(50, 0), { experiment: 'y', usd: 0.01 }),
    ];
    const small = [
      ...tasks('qwen3:8b', letters(250, 50), { experiment: 'x', usd: 0.004 }),
      ...tasks('qwen3:8b', [...letters(36, 12), 'P', 'P'], { experiment: 'y', usd: 0.004 }),
    ];
    // In y the last two tasks fail for the big model: rewrite them.
    for (const r of big.filter((r) => r.experiment === 'y' && (r.task_id === 't048' || r.task_id === 't049'))) r.passed = false;
    const result = compareRuns([...big, ...small], { candidates: { 'qwen3:14b': ['qwen3:8b'] }, holm: true });
    const envelope = {
      surface: 'comparisons',
      schema_version: 1,
      generated_from: { ledger_files: 0, records: 0, simulated_records: 0, ledgers_sha256: '' },
      rows: result.rows,
      recommendations: result.recommendations,
    };
    expect(() => ComparisonsSchema.parse(envelope)).not.toThrow();
    const [x, y] = result.rows;
    expect(x!.verdict).toBe('non_inferior');
    expect(y!.verdict).toBe('significant_regression');
    expect(x!.mcnemar_p_holm).toBe(1);
    expect(y!.mcnemar_p_holm).toBeCloseTo(2 * y!.mcnemar_p, 12);
    expect(result.recommendations.map((r) => [r.experiment, r.candidate])).toEqual([
      ['x', 'qwen3:8b'],
      ['y', null],
    ]);
    expect(result.recommendations[0]!.candidate_usd_per_pass).toBeCloseTo((300 * 0.004) / 250, 12);
  });

  it('does not recommend a candidate that holds up but costs more per pass', () => {
    const big = tasks('a', letters(280, 20), { usd: 0.001 });
    const dear = tasks('b', letters(280, 20), { usd: 0.002 });
    const result = compareRuns([...big, ...dear], { candidates: { a: ['b'] } });
    expect(result.rows[0]!.verdict).toBe('non_inferior');
    expect(result.recommendations[0]!.candidate).toBeNull();
    expect(result.recommendations[0]!.message).toMatch(/b: holds up but is not cheaper per pass/);
  });

  it('reports specs that paired nothing instead of inventing rows', () => {
    const result = compareRuns(tasks('a', ['P']), {
      candidates: {},
      specs: [
        { kind: 'model', original: 'a', candidate: 'b', originalPowerLevel: 'default', candidatePowerLevel: 'default', experiment: 'suite', arm: 'plain' },
      ],
    });
    expect(result.rows).toEqual([]);
    expect(result.empty).toEqual([expect.objectContaining({ originalRuns: 1, candidateRuns: 0 })]);
  });
});
