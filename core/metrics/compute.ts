import { MetricsSchema, type Column, type Metrics, type Sums } from '../../schema/surfaces/index.ts';
import { METRICS, QUANTILES, type MetricName, type QuantileName } from './catalogue.ts';
import { SUM_COLUMNS } from './sum-columns.ts';

/** Every computed metric of one group of runs; the exporter and the site's pooling both call this. */
export function metricsFromSums(sums: Sums): Omit<Metrics, QuantileName> {
  const out: Partial<Record<MetricName, number | boolean | null>> = {};
  for (const metric of METRICS) out[metric.name] = metric.compute(sums);
  return out as Omit<Metrics, QuantileName>;
}

/**
 * The metric block of a surface row: the computed metrics plus the group's own wall-time
 * quantiles (null for an empty group), in MetricsSchema's field order so files stay stable.
 */
export function computeMetrics(sums: Sums, quantiles: Record<QuantileName, number | null>): Metrics {
  const computed = { ...metricsFromSums(sums), ...quantiles };
  const ordered = Object.fromEntries(Object.keys(MetricsSchema.shape).map((key) => [key, computed[key as keyof Metrics]]));
  return MetricsSchema.parse(ordered);
}

/** Unit and meaning of every metric and sum column, for every aggregated surface's `columns` map. */
export const METRIC_COLUMNS: Record<string, Column> = {
  ...Object.fromEntries([...METRICS, ...QUANTILES].map((m) => [m.name, { unit: m.kind === 'rate' ? 'fraction' : m.unit, description: m.description }])),
  ...SUM_COLUMNS,
};
