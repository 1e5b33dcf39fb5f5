import { SURFACE_SCHEMA_VERSION, type GeneratedFrom, type IndexManifest } from '../../schema/surfaces/index.ts';
import type { LoadedLedgers } from '../ledgers/load.ts';
import { comparePaths } from '../ledgers/discover.ts';
import { countRejected } from './verification.ts';

export type ManifestFile = IndexManifest['files'][number];
export type ManifestShard = IndexManifest['run_shards'][number];

/** Every other written file + what was read → index.json, written last. Pure. */
export function shapeIndex(
  loaded: LoadedLedgers,
  generatedFrom: GeneratedFrom,
  files: readonly ManifestFile[],
  shards: readonly ManifestShard[],
): IndexManifest {
  return {
    surface: 'index',
    schema_version: SURFACE_SCHEMA_VERSION,
    generated_from: generatedFrom,
    files: [...files].sort((a, b) => comparePaths(a.path, b.path)),
    ledgers: loaded.files.map(({ path, lines, bytes, sha256 }) => ({ path, lines, bytes, sha256 })),
    counts: {
      accepted: loaded.accepted,
      rejected: countRejected(loaded.rejected),
      duplicates: loaded.duplicates,
      simulated: loaded.simulated,
    },
    run_shards: [...shards].sort((a, b) => comparePaths(a.path, b.path)),
  };
}
