import { z } from 'zod';
import { computeMetrics } from '../core/metrics/compute.ts';
import { SUM_FIELDS } from '../core/metrics/sums.ts';
import { SumsSchema, type Aggregated } from '../schema/surfaces/metrics.ts';

const QuantilesSchema = z.object({ p50_wall_ms: z.number().finite().nullable(), p95_wall_ms: z.number().finite().nullable() });
const AGGREGATE_FIELDS: ReadonlySet<string> = new Set([...SUM_FIELDS, 'p50_wall_ms', 'p95_wall_ms']);

/**
 * Splits a row of exporter/sql/metric_aggregates.sql into its group columns and its metric block
 * (metrics computed by the catalogue, followed by the sums they came from). The sums are validated
 * on the way in, so a renamed SQL alias fails loudly instead of turning a metric into null.
 */
export function splitAggregates(row: Record<string, unknown>): { keys: Record<string, unknown>; aggregated: Aggregated } {
  const keys: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) if (!AGGREGATE_FIELDS.has(name)) keys[name] = value;
  const sums = SumsSchema.parse(row);
  return { keys, aggregated: { ...computeMetrics(sums, QuantilesSchema.parse(row)), ...sums } };
}
