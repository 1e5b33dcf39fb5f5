import { metricsFromSums } from '../core/metrics/compute.ts';
import { SUM_FIELDS } from '../core/metrics/sums.ts';
import { AggregatedSchema, type Aggregated, type Sums } from '../schema/surfaces/metrics.ts';

const QUANTILE_FIELDS = ['p50_wall_ms', 'p95_wall_ms'] as const;
const AGGREGATE_FIELDS: ReadonlySet<string> = new Set([...SUM_FIELDS, ...QUANTILE_FIELDS]);
const AGGREGATED_FIELDS = Object.keys(AggregatedSchema.shape);

/**
 * Splits a row of exporter/sql/metric_aggregates.sql into its group columns and its metric block
 * (metrics computed by the catalogue, followed by the sums they came from, in AggregatedSchema's
 * field order). A sum that is not a number fails here, so a renamed SQL alias fails loudly instead
 * of turning a metric into null. The rest of each field's contract (whole, not negative, rates in
 * [0, 1]) is checked once per file: the export parses every surface against its schema before
 * writing it (exporter/export.ts), so it is not parsed here row by row as well (that was most of
 * the aggregated surfaces' time: bench/RESULTS.md).
 */
export function splitAggregates(row: Record<string, unknown>): { keys: Record<string, unknown>; aggregated: Aggregated } {
  const keys: Record<string, unknown> = {};
  for (const name in row) if (!AGGREGATE_FIELDS.has(name)) keys[name] = row[name];
  const sums = sumsOf(row);
  const computed: Record<string, unknown> = metricsFromSums(sums);
  for (const field of QUANTILE_FIELDS) {
    const value = row[field];
    if (value !== null && typeof value !== 'number') throw new Error(`aggregate column ${field}: expected a number or null, got ${describe(value)}`);
    computed[field] = value;
  }
  Object.assign(computed, sums);
  return { keys, aggregated: pickFields(AGGREGATED_FIELDS, computed) as Aggregated };
}

/** The sums of a SQL row, in SumsSchema's field order; a missing or non-numeric one throws. */
export function sumsOf(row: Record<string, unknown>): Sums {
  const sums: Record<string, number> = {};
  for (const field of SUM_FIELDS) {
    const value = row[field];
    if (typeof value !== 'number') throw new Error(`aggregate column ${field}: expected a number, got ${describe(value)}`);
    sums[field] = value;
  }
  return sums as Sums;
}

/**
 * `fields` of the sources, in that order (a row schema's `Object.keys(shape)`), a later source
 * winning as in `{ ...a, ...b }`, and leaving out a field no source has: what parsing the spread
 * with that schema returns for a valid row, built without parsing it and without the spread
 * (spreading rows of ~60 fields cost ~200 µs a row here, bench/RESULTS.md).
 */
export function pickFields(fields: readonly string[], ...sources: readonly Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    for (let i = sources.length - 1; i >= 0; i--) {
      const value = sources[i]![field];
      if (value !== undefined) {
        out[field] = value;
        break;
      }
    }
  }
  return out;
}

function describe(value: unknown): string {
  return value === undefined ? 'no such column' : value === null ? 'null' : typeof value;
}
