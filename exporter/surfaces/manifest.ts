import { SURFACE_SCHEMA_VERSION, type GeneratedFrom, type IndexManifest, type LedgerProduced } from '../../schema/surfaces/index.ts';
import type { LoadedLedgers } from '../ledgers/load.ts';
import { comparePaths } from '../ledgers/discover.ts';
import { countRejected } from './verification.ts';

export type ManifestFile = IndexManifest['files'][number];
export type ManifestShard = IndexManifest['run_shards'][number];

/** A written run shard with its rows counted per input ledger (the ledger's index in `loaded.files`). */
export interface ShardOrigin {
  path: string;
  ledgerRows: ReadonlyMap<number, number>;
}

/** One row of exporter/sql/ledger_sweeps.sql. */
export interface LedgerSweep {
  ledger_index: number;
  sweep_id: string;
  records: number;
}

/** Every other written file + what was read → index.json, written last. Pure. */
export function shapeIndex(
  loaded: LoadedLedgers,
  generatedFrom: GeneratedFrom,
  files: readonly ManifestFile[],
  shards: readonly ManifestShard[],
  origins: { shards: readonly ShardOrigin[]; sweeps: readonly LedgerSweep[] },
): IndexManifest {
  return {
    surface: 'index',
    schema_version: SURFACE_SCHEMA_VERSION,
    generated_from: generatedFrom,
    files: [...files].sort((a, b) => comparePaths(a.path, b.path)),
    ledgers: loaded.files.map(({ path, lines, bytes, sha256 }, index) => ({
      path,
      lines,
      bytes,
      sha256,
      produced: producedBy(index, origins.shards, origins.sweeps),
    })),
    counts: {
      accepted: loaded.accepted,
      rejected: countRejected(loaded.rejected),
      duplicates: loaded.duplicates,
      simulated: loaded.simulated,
    },
    run_shards: [...shards].sort((a, b) => comparePaths(a.path, b.path)),
  };
}

/** What ledger `index` fed: its sweeps (by id) and the shards holding its records (by path). */
function producedBy(index: number, shards: readonly ShardOrigin[], sweeps: readonly LedgerSweep[]): LedgerProduced {
  const own = sweeps.filter((sweep) => sweep.ledger_index === index);
  const runShards = shards
    .map((shard) => ({ path: shard.path, rows: shard.ledgerRows.get(index) ?? 0 }))
    .filter((shard) => shard.rows > 0)
    .sort((a, b) => comparePaths(a.path, b.path));
  return {
    records: own.reduce((sum, sweep) => sum + sweep.records, 0),
    sweeps: own.map(({ sweep_id, records }) => ({ sweep_id, records })).sort((a, b) => comparePaths(a.sweep_id, b.sweep_id)),
    run_shards: runShards,
  };
}
