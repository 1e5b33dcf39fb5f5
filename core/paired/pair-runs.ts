import type { ComparisonPairsShard } from '../../schema/surfaces/comparison-pairs.ts';
import type { ComparableRun } from './run-row.ts';

/** A comparable run with the sweep that recorded it: what a sweep subset is filtered on. */
export type SweepRun = ComparableRun & { sweep_id: string };

type PairRunTuple = ComparisonPairsShard['rows'][number];
type EncodedNumber = number | string;
/** The tuple as written: the exact numbers may be text (schema/surfaces/comparison-pairs.ts). */
type EncodedRunTuple = [number, string, string, string, number, number, number | null, boolean, EncodedNumber, ...(EncodedNumber | null)[]];

/** A number the serialiser's 6-significant-digit rounding would change is written as its round-trip text instead. */
const exact = (value: number): EncodedNumber => (Number(value.toPrecision(6)) === value ? value : String(value));
const exactOrNull = (value: number | null) => (value === null ? null : exact(value));

/** One run as a row of a pairs file; `sweepIndex` points into the file's `sweeps`. */
export function encodePairRun(run: SweepRun, sweepIndex: number): unknown[] {
  const row: EncodedRunTuple = [
    sweepIndex,
    run.run_id,
    run.recorded_at,
    run.task_id,
    run.repeat,
    run.sample,
    run.applied_w,
    run.passed,
    exact(run.score),
    exactOrNull(run.format_score),
    exactOrNull(run.output_tokens),
    exactOrNull(run.wall_ms),
    exactOrNull(run.joules),
    exactOrNull(run.usd),
  ];
  return [...row, run.simulated, run.harness_suspect];
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
