import type { LatestAttempt } from '../ledger/reader.ts';
import type { PlannedRun } from './plan.ts';

/** One ledger of a sweep as `ledgerbench status` read it. */
export interface ShardLedger {
  path: string;
  /** The shard its sidecar says it holds (0 for an unsharded sweep). */
  shard: number;
  /** Its final picture: run_id → the standing record's attempt and whether it is a transport failure. */
  latest: ReadonlyMap<string, LatestAttempt>;
}

/** Where one shard stands. */
export interface ShardStanding {
  shard: number;
  ledgers: string[];
  planned: number;
  /** Planned runs with an answered record (passed or not) in any ledger. */
  done: number;
  /** Planned runs whose only standing records are transport failures: a resume retries them. */
  transport: number;
  /** Planned runs in no ledger at all. */
  missing: number;
}

export interface SweepStanding {
  planned: number;
  done: number;
  transport: number;
  missing: number;
  shards: ShardStanding[];
}

/**
 * Where every planned run of a sweep stands across all its ledgers (pure). A run counts once
 * however many ledgers hold it: done if any ledger has an answered record of it, else a
 * transport failure if any has one, else missing. Runs are counted under the shard the plan
 * gives them (`owner`), whichever ledger holds them.
 */
export function sweepStanding(plan: readonly PlannedRun[], owner: ArrayLike<number>, count: number, ledgers: readonly ShardLedger[]): SweepStanding {
  const shards: ShardStanding[] = Array.from({ length: count }, (_, shard) => ({
    shard,
    ledgers: ledgers.filter((ledger) => ledger.shard === shard).map((ledger) => ledger.path),
    planned: 0,
    done: 0,
    transport: 0,
    missing: 0,
  }));
  plan.forEach((run, index) => {
    const row = shards[owner[index]!]!;
    row.planned++;
    const standing = ledgers.map((ledger) => ledger.latest.get(run.run_id)).filter((latest) => latest !== undefined);
    if (standing.some((latest) => !latest.transport)) row.done++;
    else if (standing.length > 0) row.transport++;
    else row.missing++;
  });
  const total = (key: 'planned' | 'done' | 'transport' | 'missing') => shards.reduce((sum, row) => sum + row[key], 0);
  return { planned: total('planned'), done: total('done'), transport: total('transport'), missing: total('missing'), shards };
}
