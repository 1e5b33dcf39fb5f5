import { beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../../exporter/export.ts';
import { FIXTURES, memoryEffects, outputJson, readFixtureFolder, type MemoryEffects } from './memory-effects.ts';

// Wilson 95% bounds computed independently (Python: statistics.NormalDist().inv_cdf(0.975), the
// closed form (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n)), not with core/wilson.ts.
const WILSON = {
  '3/4': [0.300641842582402, 0.9544127391902995],
  '1/3': [0.06149194472039632, 0.7923403991979523],
  '2/4': [0.15003898915214958, 0.8499610108478504],
  '1/1': [0.20654931437723745, 1],
  '3/7': [0.1582198552514697, 0.7495416354723428],
  '7/9': [0.4525889691069889, 0.9367748928821533],
} as const;

// Files round to 6 significant digits: compare to 5 decimals for values near 1, relatively otherwise.
const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-5 + 1e-9);

let effects: MemoryEffects;
let exitCode: number;
const find = (rows: any[], where: Record<string, unknown>) => {
  const hits = rows.filter((row) => Object.entries(where).every(([key, value]) => row[key] === value));
  expect(hits, JSON.stringify(where)).toHaveLength(1);
  return hits[0];
};

beforeAll(async () => {
  effects = memoryEffects(readFixtureFolder(`${FIXTURES}hand`, 'ledgers'));
  ({ exitCode } = await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: true }, effects));
});

describe('hand ledger: model_rankings', () => {
  it('alpha at 100%: every metric worked out by hand', () => {
    const row = find(outputJson(effects, 'model_rankings.json').rows, { model: 'alpha:7b', power_level: '100' });
    expect(row).toMatchObject({ runs: 4, not_answered: 0, passed: 3, run_pass_rate: 0.75, hard_failures: 0, energy_valid_runs: 3, rank: 1, applied_w: 300 });
    close(row.run_pass_rate_ci_low, WILSON['3/4'][0]);
    close(row.run_pass_rate_ci_high, WILSON['3/4'][1]);
    close(row.mean_score, (1 + 1 + 0.5 + 1) / 4);
    // tokens/s: 100+120+200+180 output tokens over 2+2+4+3 generation seconds.
    close(row.tokens_per_s, 600 / 11);
    // Valid energy only: 500+600+900 J over 100+120+200 tokens (the 4th run has no reading).
    close(row.joules_per_output_token, 2000 / 420);
    close(row.output_tokens_per_joule, 420 / 2000);
    close(row.mean_joules_per_run, 2000 / 3);
    close(row.joules_per_pass, 2000 / 2);
    close(row.score_per_wh, 2.5 / (2000 / 3600));
    close(row.score_per_100_output_tokens, (2.5 / 420) * 100);
    close(row.usd_per_run, (0.001 + 0.003) / 2);
    close(row.mean_ttft_ms, 110);
    // Wall times 2500, 2600, 3500, 4500: linear-interpolated quantiles.
    close(row.p50_wall_ms, (2600 + 3500) / 2);
    close(row.p95_wall_ms, 3500 + 0.85 * (4500 - 3500));
    expect(row.simulated).toBe(false);
  });

  it('alpha at 50%: an invalid reading with joules is left out of every energy ratio', () => {
    const row = find(outputJson(effects, 'model_rankings.json').rows, { model: 'alpha:7b', power_level: '50' });
    expect(row).toMatchObject({ runs: 4, passed: 3, hard_failures: 1, energy_valid_runs: 3 });
    close(row.hard_failure_rate, 0.25);
    close(row.joules_per_output_token, (400 + 150 + 1000) / (100 + 50 + 200));
    close(row.mean_joules_per_run, 1550 / 3);
    expect(row.usd_per_run).toBeNull();
  });

  it('beta at 100%: a transport failure is not answered (out of the pass rate) and its missing tokens are not zeros', () => {
    const row = find(outputJson(effects, 'model_rankings.json').rows, { model: 'beta:3b', power_level: '100' });
    expect(row).toMatchObject({ runs: 4, not_answered: 1, answered_runs: 3, passed: 1, hard_failures: 0, rank: 2 });
    close(row.run_pass_rate, 1 / 3);
    close(row.not_answered_rate, 1 / 4);
    close(row.run_pass_rate_ci_low, WILSON['1/3'][0]);
    close(row.run_pass_rate_ci_high, WILSON['1/3'][1]);
    close(row.mean_output_tokens, (80 + 90 + 150) / 3);
    close(row.tokens_per_s, 320 / 4);
    expect(row.mean_ttft_ms).toBeNull();
  });

  it('the simulated run is flagged on its row and in generated_from', () => {
    const file = outputJson(effects, 'model_rankings.json');
    const row = find(file.rows, { model: 'sim:gamma' });
    expect(row).toMatchObject({ backend: 'sim', power_level: 'default', applied_w: null, simulated: true, simulated_runs: 1 });
    close(row.run_pass_rate_ci_low, WILSON['1/1'][0]);
    expect(row.run_pass_rate_ci_high).toBe(1);
    expect(file.generated_from).toMatchObject({ ledger_files: 2, records: 17, simulated_records: 1 });
    expect(file.columns.joules_per_output_token.unit).toBe('J/token');
  });
});

describe('hand ledger: other surfaces', () => {
  it('model_task_tdp keys rows by applied watts', () => {
    const rows = outputJson(effects, 'model_task_tdp.json').rows.filter((r: any) => r.model === 'alpha:7b' && r.task_id === 't1');
    expect(rows.map((r: any) => [r.applied_w, r.power_level, r.runs, r.passed])).toEqual([
      [150, '50', 2, 1],
      [300, '100', 2, 2],
    ]);
  });

  it('pareto: beta at 50% is dominated on energy; every other point is on its frontier', () => {
    const points = outputJson(effects, 'pareto_frontiers.json').rows;
    const energy = points.filter((p: any) => p.plane === 'energy');
    expect(energy.filter((p: any) => !p.on_frontier).map((p: any) => `${p.model}@${p.power_level}`)).toEqual(['beta:3b@50']);
    close(find(energy, { model: 'beta:3b', power_level: '50' }).x, (600 + 650 + 700 + 750) / 4);
    expect(points.filter((p: any) => p.plane === 'output_tokens').every((p: any) => p.on_frontier)).toBe(true);
    expect(find(energy, { model: 'sim:gamma' }).simulated).toBe(true);
  });

  it('failure_surfaces counts classes with rates and the smallest three run ids', () => {
    const rows = outputJson(effects, 'failure_surfaces.json').rows;
    const wrong = find(rows, { model: 'beta:3b', task_id: 't2', failure_class: 'wrong_answer' });
    expect(wrong).toMatchObject({ count: 3, runs: 4, rate: 0.75, hard: false });
    expect(wrong.representative_run_ids).toEqual(['hand-beta-100-t2-r1', 'hand-beta-50-t2-r0', 'hand-beta-50-t2-r1']);
    expect(find(rows, { model: 'beta:3b', failure_class: 'timeout' })).toMatchObject({
      stage: 'transport',
      hard: false,
      not_answered: true,
      count: 1,
      runs: 4,
      answered_runs: 3,
    });
    expect(find(rows, { model: 'alpha:7b', failure_class: 'no_number' })).toMatchObject({ stage: 'parse', hard: true, not_answered: false });
    expect(rows.reduce((sum: number, row: any) => sum + row.count, 0)).toBe(7);
  });

  it('task_rankings puts the hardest task first with the spread across models', () => {
    const rows = outputJson(effects, 'task_rankings.json').rows;
    expect(rows.map((r: any) => [r.task_id, r.difficulty_rank, r.runs, r.passed, r.models])).toEqual([
      ['t2', 1, 8, 3, 2],
      ['t1', 2, 9, 7, 3],
    ]);
    // t2's transport failure is not answered: 3 passes of 7 answered runs.
    expect(rows[0].not_answered).toBe(1);
    close(rows[0].model_run_pass_rate_spread, 0.75 - 0);
    close(rows[0].run_pass_rate_ci_low, WILSON['3/7'][0]);
    close(rows[1].run_pass_rate_ci_high, WILSON['7/9'][1]);
    close(rows[1].model_run_pass_rate_spread, 1 - 0.75);
  });

  it('task_registry takes prompts and success definitions from the records', () => {
    const rows = outputJson(effects, 'task_registry.json').rows;
    expect(find(rows, { task_id: 't1' })).toMatchObject({
      evaluator: 'numeric@1',
      prompt_preview: 'What is 6 × 7? Answer with a number.',
      success_definition: 'the answer equals 42',
      runs: 9,
      models: 3,
      simulated: true,
    });
    expect(find(rows, { task_id: 't2' }).success_definition).toBe('evaluation.passed as decided by code@1');
  });

  it('verification counts energy validity by method, validity and reason', () => {
    const file = outputJson(effects, 'verification.json');
    expect(file.summary).toMatchObject({ ledger_files: 2, lines: 17, accepted: 17, rejected: 0, duplicates: 0, simulated: 1, problems: [] });
    expect(file.energy_validity.map((r: any) => [r.method, r.valid, r.reason, r.count])).toEqual([
      ['none', false, 'no gpu sampler', 1],
      ['none', false, 'no output', 1],
      ['nvml-counter', true, null, 13],
      ['power-integration', false, 'too few samples', 1],
      ['simulated', true, null, 1],
    ]);
  });

  it('the run shard holds every record in shard order, and index.json lists it', () => {
    const shard = outputJson(effects, 'runs/runs-0001.json');
    const ids = shard.rows.map((r: any) => r.run_id);
    expect(ids).toHaveLength(17);
    expect(ids.slice(0, 3)).toEqual(['hand-alpha-100-t1-r0', 'hand-alpha-100-t1-r1', 'hand-alpha-50-t1-r0']);
    const index = outputJson(effects, 'index.json');
    expect(index.run_shards).toEqual([{ path: 'runs/runs-0001.json', rows: 17, tasks: ['arith/t1', 'arith/t2'] }]);
    expect(index.counts).toEqual({ accepted: 17, rejected: 0, duplicates: 0, simulated: 1 });
    expect(index.ledgers.map((l: any) => [l.path, l.lines])).toEqual([
      ['sweep-a.jsonl', 8],
      ['sweep-b.jsonl', 9],
    ]);
    // The audit trail: each ledger's accepted records, by sweep and by the shard that holds them.
    expect(index.ledgers.map((l: any) => l.produced)).toEqual([
      { records: 8, sweeps: [{ sweep_id: 'hand-sweep-a', records: 8 }], run_shards: [{ path: 'runs/runs-0001.json', rows: 8 }] },
      { records: 9, sweeps: [{ sweep_id: 'hand-sweep-b', records: 9 }], run_shards: [{ path: 'runs/runs-0001.json', rows: 9 }] },
    ]);
    expect(exitCode).toBe(0);
  });
});
