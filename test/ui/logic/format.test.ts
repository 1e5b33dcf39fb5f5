import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatInterval,
  formatMetric,
  formatNumber,
  formatPoints,
  formatRate,
  formatRatio,
  powerLabel,
  powerShort,
} from '../../../ui/logic/format.ts';
import { METRIC_COLUMNS, metricColumn } from '../../../ui/logic/metric-columns.ts';
import { MetricsSchema } from '../../../schema/surfaces/metrics.ts';

describe('formatting', () => {
  it('formats rates, intervals and points', () => {
    expect(formatRate(0.7333)).toBe('73.3%');
    expect(formatInterval(0.612, 0.831)).toBe('[61.2%, 83.1%]');
    expect(formatPoints(0.042)).toBe('+4.2 pp');
    expect(formatPoints(-0.03)).toBe('−3.0 pp');
    expect(formatPoints(0.00001)).toBe('±0.0 pp');
    expect(formatNumber(1234.5, 1)).toBe('1,234.5');
    expect(formatNumber(null)).toBe('—');
    expect(formatRatio(2.345)).toBe('2.35×');
    expect(formatBytes(2048)).toBe('2.0 kB');
  });

  it('shows unmeasured energy as "not measured", unpriced cost as "not priced", unrecorded timings as "not recorded", never 0', () => {
    expect(formatMetric(null, metricColumn('mean_joules_per_run'))).toBe('not measured');
    expect(formatMetric(null, metricColumn('score_per_wh'))).toBe('not measured');
    expect(formatMetric(null, metricColumn('usd_per_pass'))).toBe('not priced');
    expect(formatMetric(null, metricColumn('mean_ttft_ms'))).toBe('not recorded');
    expect(formatMetric(null, metricColumn('mean_wall_ms'))).toBe('not recorded');
    expect(formatMetric(null, metricColumn('run_pass_rate'))).toBe('not answered');
    expect(formatMetric(0.5, metricColumn('run_pass_rate'))).toBe('50.0%');
    expect(formatMetric(true, metricColumn('simulated'))).toBe('yes');
  });

  it('has a column with a unit for every metric in MetricsSchema', () => {
    expect(METRIC_COLUMNS.map((c) => c.key).sort()).toEqual(Object.keys(MetricsSchema.shape).sort());
    expect(METRIC_COLUMNS.every((c) => c.unit.length > 0)).toBe(true);
  });

  it('names power levels', () => {
    expect(powerLabel('80')).toBe('80% of default');
    expect(powerLabel('144w')).toBe('144 W');
    expect(powerLabel('default')).toBe('default');
    expect(powerShort('80')).toBe('80%');
  });
});
