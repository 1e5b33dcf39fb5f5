import { SumsSchema, type Sums } from '../../schema/surfaces/metrics.ts';

export type { Sums };

/** The field names of Sums, in schema order: what a pooled row adds up. */
export const SUM_FIELDS = Object.keys(SumsSchema.shape) as (keyof Sums)[];

/** Sums of nothing: every count and total 0. */
export function emptySums(): Sums {
  return Object.fromEntries(SUM_FIELDS.map((field) => [field, 0])) as Sums;
}

/** Adds the sums of any rows field by field (the pooling rule, written once); other fields are ignored. */
export function addSums(parts: readonly Readonly<Sums>[]): Sums {
  const out = emptySums();
  for (const part of parts) for (const field of SUM_FIELDS) out[field] += part[field];
  return out;
}
