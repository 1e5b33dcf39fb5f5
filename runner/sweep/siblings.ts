import { CliError } from '../../lib/cli-error.ts';
import type { Shard } from '../../schema/shard.ts';
import { sweepSidecarsIn } from '../ledger/shard-files.ts';
import { displayPath } from './display-path.ts';
import { shardLabel } from './shard-flag.ts';
import type { PlanSummary } from '../ledger/sidecar.ts';

export interface SiblingCheck {
  /** The folder this session's ledger is in. */
  folder: string;
  sweepId: string;
  shard: Shard | null;
  /** The whole sweep's plan as this session rebuilt it. */
  sweepPlan: PlanSummary;
  /** This session's own sidecar on a resume (skipped); null for a new sweep. */
  own: string | null;
}

/**
 * Refuses, before anything is written, to join a sweep id that other sidecars in the folder use
 * for something else: an unsharded run beside shards, another shard count, a plan from other
 * flags or suites, or (for a new start) the same shard already started, perhaps on another host.
 * Any of these would put one planned run in two ledgers, or two plans under one id.
 */
export function checkSiblings(check: SiblingCheck): void {
  const { sweepId, shard, sweepPlan } = check;
  for (const found of sweepSidecarsIn(check.folder, sweepId)) {
    if (found.path === check.own) continue;
    const theirs = found.sidecar.shard ?? null;
    const theirPlan = found.sidecar.sweep_plan ?? found.sidecar.plan;
    const where = displayPath(found.path);
    if (theirs === null || shard === null) {
      const already = theirs === null ? 'ran unsharded' : `is sharded into ${theirs.count} parts`;
      throw new CliError(`${where}: sweep ${sweepId} ${already} here; give this sweep another --sweep-id (or --resume the one that exists)`);
    }
    if (theirs.count !== shard.count) {
      throw new CliError(
        `${where}: sweep ${sweepId} is sharded into ${theirs.count} parts here, not ${shard.count}; use --shard K/${theirs.count}, or another --sweep-id`,
      );
    }
    if (theirPlan.hash !== sweepPlan.hash) {
      throw new CliError(
        `${where}: shard ${shardLabel(theirs)} of sweep ${sweepId} was planned from other flags or suites (${theirPlan.runs} runs, plan ${theirPlan.hash.slice(0, 8)}; this one: ${sweepPlan.runs} runs, plan ${sweepPlan.hash.slice(0, 8)}); give every shard the same flags, or this one another --sweep-id`,
      );
    }
    if (check.own === null && theirs.index === shard.index) {
      throw new CliError(
        `${where}: shard ${shardLabel(shard)} of sweep ${sweepId} was already started; resume it with --resume ${sweepId} --shard ${shardLabel(shard)}`,
      );
    }
  }
}
