import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError } from '../../lib/cli-error.ts';
import { findLedgerFiles } from '../ledger/find-ledgers.ts';
import { scanLedger } from '../ledger/reader.ts';
import { sweepSidecarsIn, type FoundSidecar } from '../ledger/shard-files.ts';
import { ledgerPathOf } from '../ledger/sidecar.ts';
import type { SweepEffects } from './effects.ts';
import { planHash, type PlannedRun } from './plan.ts';
import { loadSweepParts, planOf } from './prepare.ts';
import { assignShards, sweepWork } from './sharding.ts';
import type { ShardLedger } from './sweep-status.ts';
import { displayPath } from './display-path.ts';

/** A sweep as its ledgers and sidecars on disk describe it, with its plan recomputed. */
export interface SweepOnDisk {
  count: number;
  plan: PlannedRun[];
  /** Plan position → shard. */
  owner: ArrayLike<number>;
  ledgers: ShardLedger[];
  /** The folder each shard's ledger is in (for the resume command), by shard. */
  folders: Map<number, string>;
}

/**
 * Finds every sidecar of `sweepId` beside the ledgers the patterns match (a shard killed before
 * its first line has a sidecar and no ledger yet: it counts as started), checks they describe
 * one sweep, recomputes its plan from their options and reads each ledger's final picture.
 */
export async function readSweep(
  sweepId: string,
  patterns: readonly string[],
  effects: Pick<SweepEffects, 'experimentsDir' | 'armsDir' | 'stop'>,
): Promise<SweepOnDisk> {
  const files = findLedgerFiles(patterns);
  const matched = new Set(files);
  const folders = [...new Set(files.map((file) => dirname(file)))];
  const sidecars = folders
    .flatMap((folder) => sweepSidecarsIn(folder, sweepId))
    .filter((found) => {
      const ledger = ledgerPathOf(found.path, found.sidecar);
      return matched.has(ledger) || !existsSync(ledger);
    });
  if (sidecars.length === 0) {
    throw new CliError(
      `no ledger of sweep ${sweepId} matches ${patterns.join(' ')}; pass --ledgers GLOB where its shards wrote (e.g. --ledgers 'ledgers/**/*.jsonl')`,
    );
  }
  const first = sidecars[0]!;
  const count = first.sidecar.shard?.count ?? 1;
  const sweepPlan = first.sidecar.sweep_plan ?? first.sidecar.plan;
  for (const found of sidecars.slice(1)) checkSameSweep(found, first, count, sweepPlan.hash);

  const { options, suites } = await loadSweepParts(first.sidecar.options, effects);
  const plan = planOf(sweepId, options, suites);
  if (planHash(plan) !== sweepPlan.hash) {
    throw new CliError(
      `${displayPath(first.path)}: the plan rebuilt from its options (${plan.length} runs) is not the one the sweep started with (${sweepPlan.runs}): a suite, arm or dataset changed since, so what is missing cannot be told`,
    );
  }
  const experiments = new Map(suites.map((suite) => [suite.manifest.id, suite]));
  const owner = count === 1 ? new Int32Array(plan.length) : assignShards(plan, count, sweepWork(options, experiments));
  const ledgers = sidecars.map((found) => {
    const path = ledgerPathOf(found.path, found.sidecar);
    return { path, shard: found.sidecar.shard?.index ?? 0, latest: scanLedger(path, sweepId).latest };
  });
  return { count, plan, owner, ledgers, folders: new Map(sidecars.map((found) => [found.sidecar.shard?.index ?? 0, dirname(found.path)])) };
}

/** Two sidecars of one sweep id must be parts of the same sweep: one shard count, one plan. */
function checkSameSweep(found: FoundSidecar, first: FoundSidecar, count: number, hash: string): void {
  const theirCount = found.sidecar.shard?.count ?? 1;
  const theirHash = (found.sidecar.sweep_plan ?? found.sidecar.plan).hash;
  if (theirCount !== count || theirHash !== hash) {
    const what =
      theirCount !== count ? `${theirCount} shards, not ${count}` : `a plan from other flags or suites (${theirHash.slice(0, 8)}, not ${hash.slice(0, 8)})`;
    throw new CliError(
      `${displayPath(found.path)}: sweep ${found.sidecar.sweep_id} here has ${what} as in ${displayPath(first.path)}: two sweeps share this id; pass --ledgers for one of them`,
    );
  }
}
