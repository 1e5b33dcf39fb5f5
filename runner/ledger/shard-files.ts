import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../../lib/cli-error.ts';
import type { Shard } from '../../schema/shard.ts';
import { findSidecar, readSidecar, type SweepSidecar } from './sidecar.ts';

/**
 * A shard's files share one stem, `<sweep_id>.shard-K-of-N.<host>`: its ledger (`.jsonl`), its
 * sidecar (`.sweep.json`) and its lock (`.lock`). The host is in the name so shards started on
 * different machines into one shared folder never collide, and a listing says where each ran.
 */
export function shardStem(sweepId: string, shard: Shard, host: string): string {
  return `${sweepId}.shard-${shard.index}-of-${shard.count}.${fileSafeHost(host)}`;
}

/** A host name as it may appear in a file name: anything but letters, digits, `.`, `_`, `-` becomes `-`. */
function fileSafeHost(host: string): string {
  const safe = host.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\.+/, '');
  return safe === '' ? 'host' : safe;
}

/** A sidecar found on disk. */
export interface FoundSidecar {
  path: string;
  sidecar: SweepSidecar;
}

/** Every sidecar of `sweepId` in `folder`: the unsharded `<id>.sweep.json` and each shard's, sorted by name. */
export function sweepSidecarsIn(folder: string, sweepId: string): FoundSidecar[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const shardName = shardSidecarPattern(sweepId);
  return names
    .filter((name) => name === `${sweepId}.sweep.json` || shardName.test(name))
    .sort()
    .map((name) => ({ path: join(folder, name), sidecar: readSidecar(join(folder, name), sweepId) }));
}

function shardSidecarPattern(sweepId: string): RegExp {
  const id = sweepId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${id}\\.shard-\\d+-of-\\d+\\..+\\.sweep\\.json$`);
}

/**
 * The sidecar a `--resume` continues: the unsharded sweep's, or with `--shard K/N` that shard's,
 * whichever host started it (a rerun on another node appends to the same shard ledger).
 */
export function resumeSidecar(sweepId: string, shard: Shard | null, folders: string[]): FoundSidecar {
  const all = [...new Set(folders)].flatMap((folder) => sweepSidecarsIn(folder, sweepId));
  const shards = all.filter((found) => found.sidecar.shard !== undefined);
  if (shard === null) {
    if (!existsUnsharded(sweepId, folders) && shards.length > 0) {
      const count = shards[0]!.sidecar.shard!.count;
      throw new CliError(
        `sweep '${sweepId}' is sharded into ${count} parts: resume one with --resume ${sweepId} --shard K/${count} (K from 0 to ${count - 1})`,
      );
    }
    return findSidecar(sweepId, folders);
  }
  const mine = shards.filter((found) => found.sidecar.shard!.index === shard.index && found.sidecar.shard!.count === shard.count);
  if (mine.length === 1) return mine[0]!;
  if (mine.length > 1) {
    throw new CliError(
      `shard ${shard.index}/${shard.count} of sweep '${sweepId}' has ${mine.length} sidecars (${mine.map((found) => found.path).join(', ')}); keep one`,
    );
  }
  const counts = [...new Set(shards.map((found) => found.sidecar.shard!.count))];
  let hint = '; pass --ledgers-dir DIR where it ran';
  if (counts.includes(shard.count))
    hint = `: it was never started; start it with the sweep's flags and --shard ${shard.index}/${shard.count} --sweep-id ${sweepId}`;
  else if (counts.length > 0) hint = `: the sweep is sharded into ${counts.join(' or ')} parts, not ${shard.count}`;
  throw new CliError(`no shard ${shard.index}/${shard.count} of sweep '${sweepId}' found in ${[...new Set(folders)].join(', ')}${hint}`);
}

function existsUnsharded(sweepId: string, folders: string[]): boolean {
  return folders.some((folder) => existsSync(join(folder, `${sweepId}.sweep.json`)));
}
