/**
 * Pooling surface rows into coarser groups. Every aggregated row carries the additive sums its
 * metrics come from (schema/surfaces/metrics.ts SumsSchema); pooling adds those and calls the
 * catalogue's own metric functions (core/metrics/catalogue.ts), so any pooled number is the one
 * the exporter's SQL gives over the same runs. Never a mean of means, never a total rebuilt from
 * a rounded ratio.
 *
 * Plain TypeScript, not arquero: arquero compiles every expression with `new Function`, which the
 * site's Content-Security-Policy (`script-src 'self'`, no 'unsafe-eval') refuses (uwdata/arquero#361).
 */
import { metricsFromSums } from '../../core/metrics/compute.ts';
import { addSums, type Sums } from '../../core/metrics/sums.ts';
import type { Metrics } from '../../schema/surfaces/metrics.ts';
import { compareCodeUnits } from './sort.ts';

/** Any row that carries the additive sums. */
export type PoolableRow = Sums;

/** A pooled group: its sums and every metric computed from them (the per-group quantiles have no pooled value). */
export type PooledMetrics = Sums & Omit<Metrics, 'p50_wall_ms' | 'p95_wall_ms'>;

/** Pools any rows into one set of metrics by adding their sums. An empty set pools to zero runs. */
export function poolRows(rows: readonly PoolableRow[]): PooledMetrics {
  const sums = addSums(rows);
  return { ...sums, ...metricsFromSums(sums) };
}

type KeyValue = string | number | null;

function compareKeys(a: readonly KeyValue[], b: readonly KeyValue[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    // Nulls last; numbers numerically; text by code unit, so the order is the same everywhere.
    if (x === null) return 1;
    if (y === null) return -1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return compareCodeUnits(String(x), String(y));
  }
  return 0;
}

/** Groups rows by key columns and pools each group; groups come back ordered by their keys. */
export function poolBy<Row extends PoolableRow, Key extends keyof Row & string>(
  rows: readonly Row[],
  keys: readonly Key[],
): (Pick<Row, Key> & PooledMetrics)[] {
  const groups = new Map<string, { values: KeyValue[]; rows: Row[] }>();
  for (const row of rows) {
    const values = keys.map((key) => row[key] as KeyValue);
    const id = JSON.stringify(values);
    const group = groups.get(id);
    if (group) group.rows.push(row);
    else groups.set(id, { values, rows: [row] });
  }
  return [...groups.values()]
    .sort((a, b) => compareKeys(a.values, b.values))
    .map(({ values, rows: members }) => ({ ...(Object.fromEntries(keys.map((key, i) => [key, values[i]])) as Pick<Row, Key>), ...poolRows(members) }));
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
