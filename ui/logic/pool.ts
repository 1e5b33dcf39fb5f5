/**
 * Pooling metric rows into coarser groups. Rates are rebuilt from sums (passed ÷ runs, joules ÷
 * tokens), never averaged: a mean of per-task means would weight a 2-run task like a 200-run one.
 * Each row's totals are recovered from its own ratios, which the exporter computes as ratios of
 * sums over the row's runs (docs/metrics.md).
 */
import { compareCodeUnits } from './sort.ts';

export interface PoolableRow {
  runs: number;
  passed: number;
  mean_output_tokens: number | null;
  tokens_per_s: number | null;
  energy_valid_runs: number;
  mean_joules_per_run: number | null;
  joules_per_output_token: number | null;
  simulated: boolean;
}

export interface PooledMetrics {
  runs: number;
  passed: number;
  pass_rate: number | null;
  /** Mean joules per run over runs with valid energy; null when none had it. */
  joules_per_run: number | null;
  joules_per_output_token: number | null;
  tokens_per_s: number | null;
  energy_valid_runs: number;
  simulated: boolean;
}

/** Pools any rows into one set of metrics by summing their totals. */
export function poolRows(rows: readonly PoolableRow[]): PooledMetrics {
  let runs = 0;
  let passed = 0;
  let joules = 0;
  let energyRuns = 0;
  let energyTokens = 0;
  let speedTokens = 0;
  let generationSeconds = 0;
  let simulated = false;
  for (const row of rows) {
    runs += row.runs;
    passed += row.passed;
    simulated ||= row.simulated;
    if (row.mean_joules_per_run !== null && row.energy_valid_runs > 0) {
      const rowJoules = row.mean_joules_per_run * row.energy_valid_runs;
      joules += rowJoules;
      energyRuns += row.energy_valid_runs;
      if (row.joules_per_output_token !== null && row.joules_per_output_token > 0) energyTokens += rowJoules / row.joules_per_output_token;
    }
    if (row.mean_output_tokens !== null && row.tokens_per_s !== null && row.tokens_per_s > 0) {
      const tokens = row.mean_output_tokens * row.runs;
      speedTokens += tokens;
      generationSeconds += tokens / row.tokens_per_s;
    }
  }
  return {
    runs,
    passed,
    pass_rate: runs > 0 ? passed / runs : null,
    joules_per_run: energyRuns > 0 ? joules / energyRuns : null,
    joules_per_output_token: energyTokens > 0 ? joules / energyTokens : null,
    tokens_per_s: generationSeconds > 0 ? speedTokens / generationSeconds : null,
    energy_valid_runs: energyRuns,
    simulated,
  };
}

/** Groups rows by a key and pools each group; groups keep first-seen order. */
export function poolBy<Row extends PoolableRow, Key extends string>(
  rows: readonly Row[],
  keyOf: (row: Row) => Key,
): Map<Key, { first: Row; metrics: PooledMetrics }> {
  const groups = new Map<Key, Row[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const pooled = new Map<Key, { first: Row; metrics: PooledMetrics }>();
  for (const [key, group] of groups) pooled.set(key, { first: group[0]!, metrics: poolRows(group) });
  return pooled;
}

export interface PowerPoint extends PooledMetrics {
  model: string;
  applied_w: number;
}

/**
 * model_task_tdp rows pooled per model × applied watts: one line per model on the power view.
 * Rows without an applied limit (no GPU, or the limit was not read back) have no x position.
 */
export function powerCurve(rows: readonly (PoolableRow & { model: string; applied_w: number | null })[]): PowerPoint[] {
  const withWatts = rows.filter((row): row is typeof row & { applied_w: number } => row.applied_w !== null);
  const pooled = poolBy(withWatts, (row) => `${row.model}\u0000${row.applied_w}`);
  return [...pooled.values()]
    .map(({ first, metrics }) => ({ model: first.model, applied_w: first.applied_w, ...metrics }))
    .sort((a, b) => compareCodeUnits(a.model, b.model) || a.applied_w - b.applied_w);
}
