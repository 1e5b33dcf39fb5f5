/**
 * Which record of a run_id stands: the highest `attempt`, the first in path order among equal
 * attempts. Memory stays one number per run_id for first attempts; only run_ids that were retried
 * get an entry of their own.
 */
export type AttemptVerdict =
  | { kind: 'duplicate'; first: number }
  | { kind: 'superseded' }
  | { kind: 'stands'; replaced: { attempt: number; location: number } | null };

/** The verdict of nearly every record, one object for all of them. */
const STANDS: AttemptVerdict = Object.freeze({ kind: 'stands', replaced: null });

export class AttemptTracker {
  // (run_id, attempt) → packed location of its first record; attempt 0 is keyed by the run_id alone.
  private readonly firstAt = new Map<string, number>();
  // run_id → the standing record, only for run_ids seen with an attempt above 0.
  private readonly best = new Map<string, { attempt: number; location: number }>();

  judge(runId: string, attempt: number, location: number): AttemptVerdict {
    const key = attempt === 0 ? runId : `${runId}\u0000${attempt}`;
    const first = this.firstAt.get(key);
    if (first !== undefined) return { kind: 'duplicate', first };
    // For attempt 0 the run_id's own entry was just looked up and is absent: only a retried run_id
    // can stand already. This runs once a record, so it skips the lookups `standing` would repeat.
    const current = attempt === 0 ? (this.best.get(runId) ?? null) : this.standing(runId);
    this.firstAt.set(key, location);
    if (current === null) {
      if (attempt > 0) this.best.set(runId, { attempt, location });
      return STANDS;
    }
    if (attempt < current.attempt) return { kind: 'superseded' };
    this.best.set(runId, { attempt, location });
    return { kind: 'stands', replaced: current };
  }

  /** The record that stands for `runId` so far. */
  standing(runId: string): { attempt: number; location: number } | null {
    const best = this.best.get(runId);
    if (best !== undefined) return best;
    const zero = this.firstAt.get(runId);
    return zero === undefined ? null : { attempt: 0, location: zero };
  }
}
