import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../../core/metrics/catalogue.ts';
import { wilson } from '../../core/wilson.ts';
import { openDatabase, type Database } from '../../exporter/duckdb.ts';
import { runExport } from '../../exporter/export.ts';
import { loadLedgers } from '../../exporter/ledgers/load.ts';
import { ModelRankingsSchema, ModelTaskSchema, ModelTaskTdpSchema, TaskRankingsSchema } from '../../schema/surfaces/index.ts';
import { applyFilters } from '../../ui/logic/filters.ts';
import { poolRows } from '../../ui/logic/pool.ts';
import { FIXTURES, memoryEffects, outputJson, readFixtureFolder, type MemoryEffects } from '../exporter/memory-effects.ts';

/**
 * The site's pooled value of every catalogue metric, computed by the site's own code (filters and
 * ui/logic/pool.ts over the written surface files), equals a direct DuckDB query over the raw
 * `runs` table for the same runs, for every combination of models, suites, arms and power levels.
 * The direct query is written here from docs/metrics.md, apart from exporter/sql/, with plain
 * doubles: it checks the sums, their units and the catalogue's formulas at once.
 */
const direct = (filter: Record<'models' | 'suites' | 'arms' | 'levels', string[]>) => `
WITH picked AS (
  SELECT *, failure_stage IS DISTINCT FROM 'transport' AS answered, energy_valid AND joules IS NOT NULL AS valid_energy
  FROM runs
  WHERE model IN (${sqlList(filter.models)}) AND experiment IN (${sqlList(filter.suites)})
    AND arm IN (${sqlList(filter.arms)}) AND power_level IN (${sqlList(filter.levels)})
)
SELECT
  count(*)::DOUBLE AS runs,
  count(*) FILTER (WHERE NOT answered)::DOUBLE AS not_answered,
  count(*) FILTER (WHERE answered)::DOUBLE AS answered_runs,
  count(*) FILTER (WHERE passed AND answered)::DOUBLE AS passed,
  (count(*) FILTER (WHERE passed AND answered))::DOUBLE / nullif(count(*) FILTER (WHERE answered), 0) AS run_pass_rate,
  avg(score) FILTER (WHERE answered) AS mean_score,
  count(*) FILTER (WHERE hard_failure AND answered)::DOUBLE AS hard_failures,
  (count(*) FILTER (WHERE hard_failure AND answered))::DOUBLE / nullif(count(*) FILTER (WHERE answered), 0) AS hard_failure_rate,
  (count(*) FILTER (WHERE NOT answered))::DOUBLE / nullif(count(*), 0) AS not_answered_rate,
  avg(prompt_tokens) AS mean_prompt_tokens,
  avg(output_tokens) AS mean_output_tokens,
  sum(output_tokens) FILTER (WHERE generation_ms IS NOT NULL) / (sum(generation_ms) FILTER (WHERE output_tokens IS NOT NULL) / 1000) AS tokens_per_s,
  avg(wall_ms) AS mean_wall_ms,
  avg(ttft_ms) AS mean_ttft_ms,
  count(*) FILTER (WHERE valid_energy)::DOUBLE AS energy_valid_runs,
  avg(joules) FILTER (WHERE valid_energy) AS mean_joules_per_run,
  sum(joules) FILTER (WHERE valid_energy AND output_tokens IS NOT NULL) / sum(output_tokens) FILTER (WHERE valid_energy) AS joules_per_output_token,
  sum(output_tokens) FILTER (WHERE valid_energy) / sum(joules) FILTER (WHERE valid_energy AND output_tokens IS NOT NULL) AS output_tokens_per_joule,
  sum(joules) FILTER (WHERE valid_energy) / nullif(count(*) FILTER (WHERE valid_energy AND passed), 0) AS joules_per_pass,
  avg(output_tokens) * count(*) FILTER (WHERE answered) / nullif(count(*) FILTER (WHERE passed AND answered), 0) AS output_tokens_per_pass,
  avg(wall_ms) * count(*) FILTER (WHERE answered) / nullif(count(*) FILTER (WHERE passed AND answered), 0) AS wall_ms_per_pass,
  sum(score) FILTER (WHERE valid_energy) / (sum(joules) FILTER (WHERE valid_energy) / 3600) AS score_per_wh,
  sum(score) FILTER (WHERE valid_energy AND output_tokens IS NOT NULL) / sum(output_tokens) FILTER (WHERE valid_energy) * 100 AS score_per_100_output_tokens,
  avg(usd) AS usd_per_run,
  sum(usd) / nullif(count(*) FILTER (WHERE usd IS NOT NULL AND passed), 0) AS usd_per_pass,
  count(*) FILTER (WHERE simulated)::DOUBLE AS simulated_runs,
  coalesce(bool_or(simulated), false) AS simulated
FROM picked`;

// Values come from the fixture's own runs table; quoted as SQL literals (DuckDB binds no untyped lists).
const sqlList = (values: readonly string[]) => values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ');

interface Case {
  name: string;
  effects: MemoryEffects;
  db: Database;
}

const cases: Case[] = [];

beforeAll(async () => {
  for (const name of ['pooling', 'hand']) {
    const effects = memoryEffects(readFixtureFolder(`${FIXTURES}${name}`, 'ledgers'));
    await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: true }, effects);
    const db = await openDatabase();
    await loadLedgers('ledgers/**/*.jsonl', effects, db);
    cases.push({ name, effects, db });
  }
}, 60_000);

afterAll(async () => {
  for (const c of cases) await c.db.close();
});

/** Every non-empty subset of a list. */
function subsets<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let mask = 1; mask < 1 << items.length; mask++) out.push(items.filter((_, i) => mask & (1 << i)));
  return out;
}

/** Equal to 1e-9 relative (both null, or both numbers that close, or equal booleans). */
function expectSame(site: unknown, direct: unknown, label: string): void {
  if (direct === null || direct === undefined) {
    expect(site, `${label}: SQL has no value, the site must say so`).toBeNull();
    return;
  }
  if (typeof direct === 'boolean') {
    expect(site, label).toBe(direct);
    return;
  }
  expect(typeof site, `${label}: site ${String(site)} vs SQL ${String(direct)}`).toBe('number');
  const tolerance = Math.abs(direct as number) * 1e-9 + 1e-12;
  expect(Math.abs((site as number) - (direct as number)), `${label}: site ${site} vs SQL ${direct}`).toBeLessThanOrEqual(tolerance);
}

const distinct = (rows: readonly Record<string, unknown>[], key: string) => [...new Set(rows.map((row) => String(row[key])))].sort();

describe.each(['pooling', 'hand'])('site pooling equals the exporter over the raw runs: %s', (name) => {
  const surfaces = [
    { file: 'model_rankings.json', schema: ModelRankingsSchema, keys: ['model', 'experiment', 'arm', 'power_level'] },
    { file: 'model_task.json', schema: ModelTaskSchema, keys: ['model', 'experiment', 'arm', 'power_level'] },
    { file: 'model_task_tdp.json', schema: ModelTaskTdpSchema, keys: ['model', 'experiment', 'arm', 'power_level'] },
    { file: 'task_rankings.json', schema: TaskRankingsSchema, keys: ['experiment', 'arm'] },
  ] as const;

  it.each(surfaces.map((s) => [s.file, s] as const))(
    '%s, every filter combination and every metric',
    async (_file, surface) => {
      const c = cases.find((k) => k.name === name)!;
      const rows = surface.schema.parse(outputJson(c.effects, surface.file)).rows as unknown as Record<string, unknown>[];
      const all = await c.db.query('SELECT DISTINCT model, experiment, arm, power_level FROM runs');
      const values = Object.fromEntries(['model', 'experiment', 'arm', 'power_level'].map((key) => [key, distinct(all, key)]));
      const choices = (key: string) => ((surface.keys as readonly string[]).includes(key as never) ? subsets(values[key]!) : [values[key]!]);
      let combinations = 0;
      for (const models of choices('model')) {
        for (const suites of choices('experiment')) {
          // A single-value filter goes through the site's own filter code; wider sets are pooled subsets.
          for (const arms of choices('arm')) {
            for (const levels of choices('power_level')) {
              const filters = {
                hideSimulated: false,
                ...(suites.length === 1 && (surface.keys as readonly string[]).includes('experiment') ? { experiment: suites[0] } : {}),
                ...(arms.length === 1 ? { arm: arms[0] } : {}),
              };
              const visible = applyFilters(rows as never[], filters).filter(
                (row: Record<string, unknown>) =>
                  (!('model' in row) || models.includes(String(row.model))) &&
                  suites.includes(String(row.experiment)) &&
                  arms.includes(String(row.arm)) &&
                  (!(surface.keys as readonly string[]).includes('power_level') || levels.includes(String(row.power_level))),
              );
              const site = poolRows(visible as never[]) as unknown as Record<string, unknown>;
              const [sql] = await c.db.query(direct({ models, suites, arms, levels }));
              const label = `${name} ${surface.file} models=${models} suites=${suites} arms=${arms} levels=${levels}`;
              for (const metric of METRICS) {
                if (metric.name === 'run_pass_rate_ci_low' || metric.name === 'run_pass_rate_ci_high') continue;
                expectSame(site[metric.name], sql![metric.name] ?? null, `${label} ${metric.name}`);
              }
              const ci = wilson(Number(sql!.passed), Number(sql!.answered_runs));
              expectSame(site.run_pass_rate_ci_low, ci.low, `${label} run_pass_rate_ci_low`);
              expectSame(site.run_pass_rate_ci_high, ci.high, `${label} run_pass_rate_ci_high`);
              combinations++;
            }
          }
        }
      }
      // Every subset of every filtered key was visited (441 on model_rankings of the pooling fixture).
      const expected = ['model', 'experiment', 'arm', 'power_level'].reduce((n, key) => n * choices(key).length, 1);
      expect(combinations).toBe(expected);
      if (name === 'pooling' && surface.keys.length === 4) expect(combinations).toBeGreaterThanOrEqual(441);
    },
    120_000,
  );
});

describe('the pooling fixture has every gap the test is about', () => {
  it('holds runs without tokens, without energy, with invalid energy, at transport, and repeats', async () => {
    const c = cases.find((k) => k.name === 'pooling')!;
    const [counts] = await c.db.query(`
      SELECT count(*) FILTER (WHERE output_tokens IS NULL AND failure_stage IS DISTINCT FROM 'transport') AS no_tokens,
             count(*) FILTER (WHERE joules IS NULL) AS no_energy,
             count(*) FILTER (WHERE NOT energy_valid AND joules IS NOT NULL) AS invalid_energy,
             count(*) FILTER (WHERE failure_stage = 'transport') AS transport,
             count(*) FILTER (WHERE "repeat" > 0) AS repeats,
             count(*) FILTER (WHERE generation_ms IS NULL AND output_tokens IS NOT NULL) AS no_time
      FROM runs`);
    for (const [key, value] of Object.entries(counts!)) expect(Number(value), key).toBeGreaterThan(5);
  });
});

describe('the check has teeth', () => {
  it('the old site formula (totals rebuilt from rounded ratios) disagrees with SQL where runs lack tokens or time', async () => {
    // What ui/logic/pool.ts did before rows carried sums: tokens = mean_output_tokens × runs and
    // seconds = tokens ÷ tokens_per_s. It drifts wherever a row's token and timing runs differ.
    const c = cases.find((k) => k.name === 'pooling')!;
    const rows = ModelTaskSchema.parse(outputJson(c.effects, 'model_task.json')).rows;
    let drifted = 0;
    for (const model of distinct(rows, 'model')) {
      const mine = rows.filter((row) => row.model === model);
      let tokens = 0;
      let seconds = 0;
      for (const row of mine) {
        if (row.mean_output_tokens === null || row.tokens_per_s === null || row.tokens_per_s === 0) continue;
        tokens += row.mean_output_tokens * row.runs;
        seconds += (row.mean_output_tokens * row.runs) / row.tokens_per_s;
      }
      const [sql] = await c.db.query(
        direct({ models: [model], suites: distinct(rows, 'experiment'), arms: distinct(rows, 'arm'), levels: distinct(rows, 'power_level') }),
      );
      const truth = Number(sql!.tokens_per_s);
      expectSame(poolRows(mine).tokens_per_s, truth, `${model} pooled`);
      if (Math.abs(tokens / seconds - truth) > truth * 1e-3) drifted++;
    }
    expect(drifted).toBeGreaterThan(0);
  });
});
