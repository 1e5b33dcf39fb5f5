import { METRICS, QUANTILES, type MetricName, type NullMeaning, type QuantileName } from '../../core/metrics/catalogue.ts';

export type { NullMeaning };

/** A metric as the site shows it: straight from the catalogue (core/metrics/catalogue.ts), never restated. */
export interface MetricColumn {
  key: MetricName | QuantileName;
  label: string;
  /** Shown in the column header: every number's unit is visible. */
  unit: string;
  kind: 'rate' | 'count' | 'number' | 'flag';
  digits: number;
  whenNull: NullMeaning;
  /** Which direction is better, for the "best" highlight; null where neither is. */
  better: 'higher' | 'lower' | null;
  description: string;
}

const column = (m: Omit<MetricColumn, 'key'> & { name: MetricColumn['key'] }): MetricColumn => ({
  key: m.name,
  label: m.label,
  unit: m.unit,
  kind: m.kind,
  digits: m.digits,
  whenNull: m.whenNull,
  better: m.better,
  description: m.description,
});

/** Every metric of the aggregated surfaces, in the catalogue's display order, the quantiles after mean wall time. */
export const METRIC_COLUMNS: readonly MetricColumn[] = METRICS.flatMap((m) =>
  m.name === 'mean_wall_ms' ? [column(m), ...QUANTILES.map(column)] : [column(m)],
);

export function metricColumn(key: MetricColumn['key']): MetricColumn {
  const found = METRIC_COLUMNS.find((c) => c.key === key);
  if (found === undefined) throw new Error(`unknown metric column ${key}`);
  return found;
}
