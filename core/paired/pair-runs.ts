import type { ComparisonPairsShard } from '../../schema/surfaces/comparison-pairs.ts';
import type { ComparableRun } from './run-row.ts';

/** A comparable run with the sweep that recorded it: what a sweep subset is filtered on. */
export type SweepRun = ComparableRun & { sweep_id: string };

type PairRunTuple = ComparisonPairsShard['rows'][number];
type EncodedNumber = number | string;

/**
 * The tuple after the sweep index, in file order (schema/surfaces/comparison-pairs.ts): each run
 * field and whether it is written with `exactNumber`. The exporter writes rows straight from
 * query columns by this list, so encodePairRun and the files cannot disagree on the order.
 */
export const PAIR_RUN_FIELDS = [
  ['run_id', false],
  ['recorded_at', false],
  ['task_id', false],
  ['repeat', false],
  ['sample', false],
  ['applied_w', false],
  ['passed', false],
  ['score', true],
  ['format_score', true],
  ['output_tokens', true],
  ['wall_ms', true],
  ['joules', true],
  ['usd', true],
  ['simulated', false],
  ['harness_suspect', false],
] as const satisfies readonly (readonly [keyof ComparableRun, boolean])[];

/**
 * A number the serialiser's 6-significant-digit rounding would change is written as its round-trip
 * text instead. An integer under a million has at most 6 digits, so it is kept without the test.
 */
export function exactNumber(value: number): EncodedNumber {
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return value;
  return Number(value.toPrecision(6)) === value ? value : String(value);
}

/** Below this a double may be subnormal, where the digit count below is not proven to agree with exactNumber. */
const SMALLEST_NORMAL = 2.2250738585072014e-308;

/**
 * `JSON.stringify(exactNumber(value))` without the round trip through toPrecision and Number: the
 * shortest round-trip text (what String gives) has at most 6 significant digits exactly when
 * rounding to 6 digits gives the number back, since for a normal double at most one 6-digit
 * decimal lies within its rounding interval. The pairs files write millions of these.
 */
export function exactNumberJson(value: number): string {
  const text = String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return text;
  if (value !== 0 && Math.abs(value) < SMALLEST_NORMAL) return JSON.stringify(exactNumber(value));
  return significantDigits(text) <= 6 ? text : `"${text}"`;
}

/** Significant digits of a number's text (`-0.000120`, `1.5e+21`): from the first to the last non-zero digit before any exponent. */
function significantDigits(text: string): number {
  let digits = 0;
  let first = -1;
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 101) break; // 'e'
    if (code < 48 || code > 57) continue; // '-', '.'
    if (code !== 48) {
      if (first < 0) first = digits;
      last = digits;
    }
    digits += 1;
  }
  return first < 0 ? 0 : last - first + 1;
}

/** One run as a row of a pairs file; `sweepIndex` points into the file's `sweeps`. */
export function encodePairRun(run: SweepRun, sweepIndex: number): unknown[] {
  const row: unknown[] = [sweepIndex];
  for (const [field, exact] of PAIR_RUN_FIELDS) {
    const value = run[field];
    row.push(exact && value !== null ? exactNumber(value as number) : value);
  }
  return row;
}

/** A validated pairs file back into runs of its side, in file order. */
export function decodePairRuns(shard: ComparisonPairsShard): SweepRun[] {
  const { model, experiment, arm, power_level } = shard.side;
  return shard.rows.map((row: PairRunTuple) => ({
    run_id: row[1],
    recorded_at: row[2],
    model,
    experiment,
    task_id: row[3],
    arm,
    repeat: row[4],
    sample: row[5],
    power_level,
    applied_w: row[6],
    passed: row[7],
    score: row[8],
    format_score: row[9],
    output_tokens: row[10],
    wall_ms: row[11],
    joules: row[12],
    usd: row[13],
    simulated: row[14],
    harness_suspect: row[15],
    sweep_id: shard.sweeps[row[0]]!,
  }));
}
