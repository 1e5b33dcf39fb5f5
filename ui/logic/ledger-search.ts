import type { IndexManifest } from '../../schema/surfaces/index-manifest.ts';

/**
 * The sweep id that picks out exactly one ledger's records in a run shard (the JSON browser opens
 * the ledger's shards searched for it), or null: a ledger of several sweeps, or of a sweep another
 * ledger also fed (a resumed sweep written to two files), has no such id.
 */
export function ledgerSweepSearch(ledgers: IndexManifest['ledgers'], index: number): string | null {
  const own = ledgers[index]?.produced?.sweeps ?? [];
  if (own.length !== 1) return null;
  const sweep = own[0]!.sweep_id;
  const feeders = ledgers.filter((ledger) => ledger.produced?.sweeps.some((entry) => entry.sweep_id === sweep)).length;
  return feeders === 1 ? sweep : null;
}
