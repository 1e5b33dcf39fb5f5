import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../core/metrics/compute.ts';
import { emptySums } from '../../core/metrics/sums.ts';
import { pickFields, splitAggregates } from '../../exporter/metrics.ts';
import { AggregatedSchema, SumsSchema } from '../../schema/surfaces/metrics.ts';

/** A metric_aggregates.sql row as DuckDB returns it: group columns first, then sums and quantiles. */
const sqlRow = () => ({
  model: 'm',
  experiment: 'e',
  ...emptySums(),
  runs: 4,
  passed: 3,
  score_nano_sum: 3e9,
  wall_us_sum: 4e6,
  wall_ms_runs: 4,
  p50_wall_ms: 900,
  p95_wall_ms: 1200,
});

describe('splitAggregates', () => {
  it('gives what parsing with the schemas gave: the catalogue metrics then the sums, in AggregatedSchema order', () => {
    const row = sqlRow();
    const { keys, aggregated } = splitAggregates(row);
    expect(keys).toEqual({ model: 'm', experiment: 'e' });
    expect(Object.keys(aggregated)).toEqual(Object.keys(AggregatedSchema.shape));
    const sums = SumsSchema.parse(row);
    const expected = { ...computeMetrics(sums, { p50_wall_ms: 900, p95_wall_ms: 1200 }), ...sums };
    expect(JSON.stringify(aggregated)).toBe(JSON.stringify(expected));
    expect(aggregated.run_pass_rate).toBe(0.75);
  });

  it('fails on a sum the query did not return, naming it, instead of turning a metric into null', () => {
    const { energy_uj_sum: _dropped, ...row } = sqlRow();
    expect(() => splitAggregates(row)).toThrow('aggregate column energy_uj_sum: expected a number, got no such column');
    expect(() => splitAggregates({ ...sqlRow(), p95_wall_ms: '1200' })).toThrow('aggregate column p95_wall_ms: expected a number or null, got string');
  });
});

describe('pickFields', () => {
  it('keeps the given order, lets a later source win and leaves out fields no source has', () => {
    const picked = pickFields(['b', 'a', 'c', 'd'], { a: 1, b: 2, extra: 9 }, { a: 3, c: null });
    expect(JSON.stringify(picked)).toBe('{"b":2,"a":3,"c":null}');
  });
});
