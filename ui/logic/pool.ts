/**
 * Pooling surface rows into coarser groups. Every aggregated row carries the additive sums its
 * metrics come from (schema/surfaces/metrics.ts SumsSchema); pooling adds those with arquero and
 * calls the catalogue's own metric functions (core/metrics/catalogue.ts), so any pooled number is
 * the one the exporter's SQL gives over the same runs. Never a mean of means, never a total
 * rebuilt from a rounded ratio.
 */
import * as aq from 'arquero';
import { metricsFromSums } from '../../core/metrics/compute.ts';
import { SUM_FIELDS, type Sums } from '../../core/metrics/sums.ts';
import type { Metrics } from '../../schema/surfaces/metrics.ts';

/** Any row that carries the additive sums. */
export type PoolableRow = Sums;

/** A pooled group: its sums and every metric computed from them (the per-group quantiles have no pooled value). */
export type PooledMetrics = Sums & Omit<Metrics, 'p50_wall_ms' | 'p95_wall_ms'>;

const SUM_ROLLUP = Object.fromEntries(SUM_FIELDS.map((field) => [field, aq.op.sum(field)]));

function pooled(sums: Sums): PooledMetrics {
  return { ...sums, ...metricsFromSums(sums) };
}

/** Picks the sum columns of each row (and nothing else) into a table. */
function sumsTable<Row extends PoolableRow>(rows: readonly Row[], keys: readonly string[] = []) {
  const columns = [...keys, ...SUM_FIELDS];
  return aq.from(rows.map((row) => Object.fromEntries(columns.map((c) => [c, (row as Record<string, unknown>)[c]]))));
}

/** Pools any rows into one set of metrics by adding their sums. An empty set pools to zero runs. */
export function poolRows(rows: readonly PoolableRow[]): PooledMetrics {
  if (rows.length === 0) return pooled(Object.fromEntries(SUM_FIELDS.map((f) => [f, 0])) as Sums);
  const [sums] = sumsTable(rows).rollup(SUM_ROLLUP).objects() as Sums[];
  return pooled(sums!);
}

/**
 * Groups rows by key columns and pools each group. Groups come back ordered by their keys
 * (arquero's order: numbers numerically, strings by code unit, nulls last).
 */
export function poolBy<Row extends PoolableRow, Key extends keyof Row & string>(rows: readonly Row[], keys: readonly Key[]): (Pick<Row, Key> & PooledMetrics)[] {
  if (rows.length === 0) return [];
  const grouped = sumsTable(rows, keys).groupby(...keys).rollup(SUM_ROLLUP).orderby(...keys);
  return (grouped.objects() as (Pick<Row, Key> & Sums)[]).map((group) => ({ ...group, ...metricsFromSums(group) }));
}

export type PowerPoint = { model: string; applied_w: number } & PooledMetrics;

/**
 * model_task_tdp rows pooled per model × applied watts: one line per model on the power view.
 * Rows without an applied limit (no GPU, or the limit was not read back) have no x position.
 */
export function powerCurve(rows: readonly (PoolableRow & { model: string; applied_w: number | null })[]): PowerPoint[] {
  const withWatts = rows.filter((row) => row.applied_w !== null);
  return poolBy(withWatts, ['model', 'applied_w']) as PowerPoint[];
}
