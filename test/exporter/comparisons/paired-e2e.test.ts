import { beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../../../exporter/export.ts';
import { ComparisonsSchema, DualScoringSchema, PassAtKSchema } from '../../../schema/surfaces/index.ts';
import { FIXTURES, memoryEffects, outputJson, readFixtureFolder, type MemoryEffects } from '../memory-effects.ts';
import { bigRatio, choose } from '../stats/exact-binomial.ts';

// The fixture's known answers are listed in test/fixtures/ledgers/paired/generate.ts.
let effects: MemoryEffects;
const rowsOf = (file: string) => outputJson(effects, file).rows as any[];
const one = (rows: any[], where: Record<string, unknown>) => {
  const hits = rows.filter((row) => Object.entries(where).every(([key, value]) => row[key] === value));
  expect(hits, JSON.stringify(where)).toHaveLength(1);
  return hits[0];
};
// Surfaces keep 6 significant digits.
const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-5 + 1e-9);

beforeAll(async () => {
  effects = memoryEffects(readFixtureFolder(`${FIXTURES}paired`, 'ledgers'));
  const result = await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: true }, effects);
  expect(result.exitCode).toBe(0);
});

describe('comparisons.json from the paired fixture', () => {
  it('validates against its schema', () => {
    expect(() => ComparisonsSchema.parse(outputJson(effects, 'comparisons.json'))).not.toThrow();
  });

  it('b = 12, c = 2 over 50 tasks: a significant regression, with the unpaired tasks counted', () => {
    const row = one(rowsOf('comparisons.json'), { original: 'sim:large', candidate: 'sim:medium', experiment: 'pair_regress', kind: 'model' });
    expect(row).toMatchObject({ pairs: 50, both_pass: 36, original_only: 12, candidate_only: 2, both_fail: 0, unpaired_runs_excluded: 3 });
    // Exact two-sided p: 2·(C(14,0) + C(14,1) + C(14,2)) / 2¹⁴, by BigInt.
    close(row.mcnemar_p, bigRatio(2n * (choose(14, 0) + choose(14, 1) + choose(14, 2)), 1n << 14n));
    close(row.delta, -0.2);
    // Newcombe (1998) worked example 36/12/2/0, sign flipped (candidate − original): −0.3404 to −0.0569.
    expect(Math.abs(row.delta_ci.low - -0.3404)).toBeLessThanOrEqual(5e-5);
    expect(Math.abs(row.delta_ci.high - -0.0569)).toBeLessThanOrEqual(5e-5);
    expect(row.verdict).toBe('significant_regression');
    expect(row.pairs_needed_estimate).toBeNull();
    // medium burns 180 J a run against large's 360 J: every paired task differs by −180 J.
    expect(row.energy_delta_j).toEqual({ mean: -180, ci: { low: -180, high: -180 } });
    // Suite cost over the 50 paired runs at $0.15/kWh: 360 J → $1.5e-5 a run, 180 J → $7.5e-6.
    close(row.original_usd_total, 50 * (360 / 3.6e6) * 0.15);
    close(row.candidate_usd_total, 50 * (180 / 3.6e6) * 0.15);
    close(row.original_usd_per_pass, (50 * (360 / 3.6e6) * 0.15) / 48);
    expect(row.simulated).toBe(true);
  });

  it('b = c = 0 over 40 tasks: p = 1 and still no evidence of holding up at a 5-point margin', () => {
    const row = one(rowsOf('comparisons.json'), { original: 'sim:large', candidate: 'sim:medium', experiment: 'pair_same', kind: 'model' });
    expect(row).toMatchObject({ pairs: 40, original_only: 0, candidate_only: 0, mcnemar_p: 1, delta: 0 });
    expect(row.delta_ci.low).toBeLessThan(-0.05);
    expect(row.verdict).toBe('inconclusive');
    expect(row.verdict_reason).toMatch(/not evidence that the candidate holds up/);
    expect(row.pairs_needed_estimate).toBeGreaterThan(40);
  });

  it('6 pairs: insufficient evidence, with the tie-fails majority rule applied to repeats', () => {
    const row = one(rowsOf('comparisons.json'), { original: 'sim:large', candidate: 'sim:medium', experiment: 'pair_small' });
    expect(row).toMatchObject({ pairs: 6, paired_runs: 12, original_only: 1, candidate_only: 0, verdict: 'insufficient_evidence' });
    expect(row.outcome_rule).toMatch(/majority.*ties fail/);
    close(row.candidate_run_pass_rate, 11 / 12);
    expect(row.pairs_needed_estimate).toBeGreaterThanOrEqual(10);
  });

  it('compares a lower power level against the highest for the same model', () => {
    const row = one(rowsOf('comparisons.json'), { kind: 'power_level', original: 'sim:large', experiment: 'pair_same' });
    expect(row).toMatchObject({
      candidate: 'sim:large',
      original_power_level: 'default',
      candidate_power_level: '60',
      pairs: 40,
      original_only: 1,
      candidate_only: 0,
    });
    expect(row.energy_delta_j.mean).toBe(-60);
  });

  it('recommends nothing when no candidate holds up, and says why', () => {
    const recommendations = outputJson(effects, 'comparisons.json').recommendations as any[];
    const regress = one(recommendations, { original: 'sim:large', experiment: 'pair_regress' });
    expect(regress.candidate).toBeNull();
    expect(regress.message).toMatch(/None holds up.*sim:medium: significant_regression/);
  });
});

describe('comparisons.json with --margin 10', () => {
  it('turns b = c = 0 over 40 tasks into non-inferior and recommends the cheaper model', async () => {
    const wide = memoryEffects(readFixtureFolder(`${FIXTURES}paired`, 'ledgers'));
    await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: true, margin: 10 } as never, wide);
    const file = outputJson(wide, 'comparisons.json');
    const row = one(file.rows, { candidate: 'sim:medium', experiment: 'pair_same' });
    expect(row.verdict).toBe('non_inferior');
    expect(row.margin).toBe(0.1);
    const recommendation = one(file.recommendations, { original: 'sim:large', experiment: 'pair_same' });
    expect(recommendation).toMatchObject({ candidate: 'sim:medium', candidate_power_level: 'default', verdict: 'non_inferior' });
    // 180 J vs 360 J a run at the same pass rate: half the cost per pass.
    close(recommendation.candidate_usd_per_pass, recommendation.original_usd_per_pass / 2);
  });
});

describe('determinism', () => {
  it('writes byte-identical comparison, dual-scoring and pass@k files on a second export', async () => {
    const again = memoryEffects(readFixtureFolder(`${FIXTURES}paired`, 'ledgers'), 997);
    await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: true }, again);
    for (const file of ['comparisons.json', 'dual_scoring.json', 'pass_at_k.json']) {
      expect(Buffer.compare(Buffer.from(again.output.get(file)!), Buffer.from(effects.output.get(file)!)), file).toBe(0);
    }
  });
});

describe('comparison options from the export', () => {
  it('rejects a margin that is not a number with one line', async () => {
    const bad = memoryEffects(readFixtureFolder(`${FIXTURES}paired`, 'ledgers'));
    await expect(runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: true, margin: 'five' } as never, bad)).rejects.toThrow(/^--margin: /);
  });
});

describe('dual_scoring.json from the paired fixture', () => {
  it('a contract that lifts only the format score is format_only', () => {
    const file = outputJson(effects, 'dual_scoring.json');
    expect(() => DualScoringSchema.parse(file)).not.toThrow();
    const contract = one(file.rows, { model: 'sim:large', experiment: 'pair_code', arm: 'contract' });
    const plain = one(file.rows, { model: 'sim:large', experiment: 'pair_code', arm: 'plain' });
    expect(plain.classification).toBeNull();
    expect(plain.format_delta).toBeNull();
    expect(contract).toMatchObject({ paired_tasks: 12, paired_runs: 12, classification: 'format_only', executor_delta: 0 });
    // Plain format scores cycle 0.3, 0.4, 0.5, 0.6 over 12 tasks: mean 0.45, so the contract adds 0.55.
    close(contract.format_delta, 0.55);
    close(plain.mean_format_score, 0.45);
    expect(contract.format_delta_ci.low).toBeGreaterThan(0);
  });
});

describe('pass_at_k.json from the paired fixture', () => {
  it('averages the unbiased estimator over tasks', () => {
    const file = outputJson(effects, 'pass_at_k.json');
    expect(() => PassAtKSchema.parse(file)).not.toThrow();
    const medium = one(file.rows, { model: 'sim:medium', experiment: 'pair_small' });
    expect(medium).toMatchObject({ tasks: 6, samples_min: 2, samples_max: 2, samples: 12, passed: 11 });
    // s00 has n = 2, c = 1: pass@1 = 0.5, pass@2 = 1; the other five tasks are 1 at every k.
    expect(medium.pass_at).toHaveLength(2);
    close(medium.pass_at[0].value, 5.5 / 6);
    expect(medium.pass_at[1]).toMatchObject({ k: 2, value: 1 });
    expect(medium.pass_at[1].tasks).toBe(medium.tasks);
    const s00 = one(file.task_rows, { model: 'sim:medium', experiment: 'pair_small', task_id: 's00' });
    expect(s00).toMatchObject({ n: 2, c: 1 });
  });
});
