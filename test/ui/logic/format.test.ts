import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCost,
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

describe('formatCost: what a passed task costs, in readable units', () => {
  it('climbs the unit ladder instead of printing exponents', () => {
    expect(formatCost(1876.34, 'joules', 'not measured')).toBe('1.88 kJ');
    expect(formatCost(1800, 'joules', 'not measured')).toBe('1.8 kJ');
    expect(formatCost(3.5e-5, 'joules', 'not measured')).toBe('35 µJ');
    expect(formatCost(0.42, 'joules', 'not measured')).toBe('420 mJ');
    expect(formatCost(2.5e6, 'joules', 'not measured')).toBe('2.5 MJ');
    expect(formatCost(2300, 'ms', 'not recorded')).toBe('2.3 s');
    expect(formatCost(412.4, 'ms', 'not recorded')).toBe('412 ms');
    expect(formatCost(150_000, 'ms', 'not recorded')).toBe('2.5 min');
    expect(formatCost(1234.4, 'tokens', 'not recorded')).toBe('1,234 tokens');
    expect(formatCost(45_600, 'tokens', 'not recorded')).toBe('45.6k tokens');
  });

  it('quotes money under a cent a task per thousand or million tasks', () => {
    expect(formatCost(0.00047, 'usd', 'not priced')).toBe('$0.47 / 1k tasks');
    expect(formatCost(3.5e-7, 'usd', 'not priced')).toBe('$0.35 / 1M tasks');
    expect(formatCost(1.2, 'usd', 'not priced')).toBe('$1.20 / task');
    expect(formatCost(0, 'usd', 'not priced')).toBe('$0.00 / task');
    for (const value of [3.5e-5, 1e-9, 123456.789]) expect(formatCost(value, 'usd', 'not priced')).not.toMatch(/e[-+]?\d/);
  });

  it('reads null as the catalogue says why it is missing, never 0', () => {
    expect(formatCost(null, 'joules', 'not measured')).toBe('not measured');
    expect(formatCost(null, 'usd', 'not priced')).toBe('not priced');
    expect(formatCost(Number.NaN, 'ms', 'not recorded')).toBe('not recorded');
    expect(formatCost(1e-9, 'ms', 'not recorded')).toBe('< 0.01 ms');
  });
});
