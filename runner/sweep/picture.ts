import type { LatestAttempt, LedgerScan } from '../ledger/reader.ts';
import type { RunRecord } from '../../schema/run-record.ts';
import type { PlannedRun } from './plan.ts';

/**
 * The sweep's final picture as this session sees it: for each planned run that is in the ledger,
 * the record that stands (its highest attempt). Runs to make are the missing ones and, with
 * `--retry-transport`, those whose standing record is a transport failure; a retry carries the
 * next attempt number, so it supersedes the failure without touching it (the ledger stays
 * append-only) and every planned run is in the picture exactly once.
 */
export interface SweepPicture {
  /** run_id → its standing record's attempt and whether it is a transport failure. */
  latest: Map<string, LatestAttempt>;
  /** The runs this session makes, in plan order. */
  remaining: PlannedRun[];
  /** run_id → the attempt number its next record carries (0 for a run never tried). */
  nextAttempt: Map<string, number>;
}

/** Builds the picture from a ledger scan (pure). */
export function pictureFrom(plan: readonly PlannedRun[], scan: Pick<LedgerScan, 'latest'>, retryTransport: boolean): SweepPicture {
  const latest = new Map(scan.latest);
  const nextAttempt = new Map<string, number>();
  const remaining = plan.filter((run) => {
    const standing = latest.get(run.run_id);
    if (standing && !(retryTransport && standing.transport)) return false;
    nextAttempt.set(run.run_id, standing ? standing.attempt + 1 : 0);
    return true;
  });
  return { latest, remaining, nextAttempt };
}

/** Records a record just appended: it now stands for its run. */
export function settle(picture: SweepPicture, record: RunRecord): void {
  picture.latest.set(record.run_id, { attempt: record.attempt ?? 0, transport: record.failure?.stage === 'transport' });
  picture.nextAttempt.delete(record.run_id);
}

/** How many planned runs the picture holds, and how many of those stand as transport failures (pure). */
export function pictureCounts(plan: readonly PlannedRun[], latest: ReadonlyMap<string, LatestAttempt>): { inLedger: number; transport: number } {
  let inLedger = 0;
  let transport = 0;
  for (const run of plan) {
    const standing = latest.get(run.run_id);
    if (!standing) continue;
    inLedger++;
    if (standing.transport) transport++;
  }
  return { inLedger, transport };
}
