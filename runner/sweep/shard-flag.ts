import { CliError } from '../../lib/cli-error.ts';
import type { Shard } from '../../schema/shard.ts';

/**
 * `--shard K/N`: part K of N, K 0-based (0/4 … 3/4), so `$SLURM_ARRAY_TASK_ID/4` and
 * `$JOB_COMPLETION_INDEX/4` are used as they are. Anything else is one CliError line.
 */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) throw new CliError(`--shard: expected K/N with 0 <= K < N (e.g. 0/4 to 3/4; K is 0-based like $SLURM_ARRAY_TASK_ID), got '${text}'`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_SHARDS) {
    throw new CliError(`--shard ${text}: N must be between 1 and ${MAX_SHARDS}, got ${match[2]}`);
  }
  if (index >= count) {
    throw new CliError(`--shard ${text}: K must be below N, since shards are numbered 0 to N-1 (for N=${count}: 0/${count} to ${count - 1}/${count})`);
  }
  return { index, count };
}

/** More parts than any scheduler array this tool is meant for; it keeps the balancing loop cheap. */
const MAX_SHARDS = 10_000;

/** `0/4` as the user writes it. */
export function shardLabel(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
