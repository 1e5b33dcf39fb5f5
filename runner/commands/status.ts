import { parseCommandArgs } from '../../lib/args.ts';
import { CliError } from '../../lib/cli-error.ts';
import { DEFAULT_ARMS_DIR } from '../arms.ts';
import { DEFAULT_EXPERIMENTS_DIR } from '../experiments/load.ts';
import { shellQuote } from '../sweep/loop.ts';
import { readSweep, type SweepOnDisk } from '../sweep/read-sweep.ts';
import { shardLabel } from '../sweep/shard-flag.ts';
import { sweepStanding, type ShardStanding, type SweepStanding } from '../sweep/sweep-status.ts';

const HELP = `usage: ledgerbench status --sweep ID [--ledgers GLOB]... [--json]

Says where every planned run of a sweep stands across all its ledgers (one per shard of a
--shard K/N sweep, or the one of an unsharded sweep): done, failed at transport, or missing, and
which shards to rerun. The plan is recomputed from the options kept in each ledger's sidecar.
Exit 0: every planned run is done; 1: some are not (transport failures or missing).

  --sweep ID       the sweep id (printed by every shard when it starts)
  --ledgers GLOB   where to look (default ledgers/**/*.jsonl); a folder means every ledger under it; repeatable
  --json           one JSON object instead of the table
  -h, --help       this text`;

/** Exit code of a sweep that is not complete yet. */
const INCOMPLETE_EXIT = 1;

/** Where the output goes and where suites are read from; tests pass their own. */
export interface StatusIo {
  out(text: string): void;
  experimentsDir: string;
  armsDir: string;
}

const processIo: StatusIo = { out: (text) => process.stdout.write(text), experimentsDir: DEFAULT_EXPERIMENTS_DIR, armsDir: DEFAULT_ARMS_DIR };

export async function main(argv: string[], io: StatusIo = processIo): Promise<number> {
  const { out } = io;
  const values = parseStatusFlags(argv);
  if (values.help === true) {
    out(`${HELP}\n`);
    return 0;
  }
  const sweepId = values.sweep?.trim();
  if (!sweepId) throw new CliError('--sweep ID is required (the id every shard printed when it started; see ledgerbench status --help)');
  if (!/^[A-Za-z0-9._-]+$/.test(sweepId)) throw new CliError(`--sweep: '${sweepId}' is not a sweep id (like sweep-20260101T120000Z-ab12)`);
  const patterns = values.ledgers ?? ['ledgers/**/*.jsonl'];
  const sweep = await readSweep(sweepId, patterns, { experimentsDir: io.experimentsDir, armsDir: io.armsDir, stop: new AbortController().signal });
  const standing = sweepStanding(sweep.plan, sweep.owner, sweep.count, sweep.ledgers);
  const reruns = standing.shards.filter((row) => row.done < row.planned).map((row) => ({ row, command: rerunCommand(sweepId, sweep, row) }));
  if (values.json === true) {
    out(`${JSON.stringify(statusJson(sweepId, sweep.count, standing, reruns))}\n`);
  } else {
    out(`${statusLines(sweepId, sweep.count, standing, reruns).join('\n')}\n`);
  }
  return standing.done === standing.planned ? 0 : INCOMPLETE_EXIT;
}

/** Parses argv strictly: an unknown flag or a missing value is one CliError line. */
export function parseStatusFlags(argv: string[]) {
  const { values } = parseCommandArgs('status', argv, {
    sweep: { type: 'string' },
    ledgers: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  return values;
}

interface Rerun {
  row: ShardStanding;
  command: string;
}

/** How to finish a shard: resume its ledger, or start it when no process ever did. */
function rerunCommand(sweepId: string, sweep: SweepOnDisk, row: ShardStanding): string {
  const folder = sweep.folders.get(row.shard);
  const shard = sweep.count === 1 ? '' : ` --shard ${shardLabel({ index: row.shard, count: sweep.count })}`;
  if (folder === undefined) return `not started: run the sweep's command with${shard} --sweep-id ${sweepId}`;
  const where = folder === 'ledgers' ? '' : ` --ledgers-dir ${shellQuote(folder)}`;
  return `npx ledgerbench run --resume ${sweepId}${shard}${where}`;
}

function statusLines(sweepId: string, count: number, standing: SweepStanding, reruns: Rerun[]): string[] {
  const state = reruns.length === 0 ? 'complete' : `incomplete, ${reruns.length} shard${reruns.length === 1 ? '' : 's'} to rerun`;
  const lines = [
    `sweep ${sweepId}: ${count} shard${count === 1 ? '' : 's'}, ${standing.planned} planned runs: ${standing.done} done, ` +
      `${standing.transport} failed at transport, ${standing.missing} missing (${state})`,
  ];
  const header = ['shard', 'planned', 'done', 'transport', 'missing', 'ledger'];
  const rows = standing.shards.map((row) => [
    shardLabel({ index: row.shard, count }),
    String(row.planned),
    String(row.done),
    String(row.transport),
    String(row.missing),
    row.ledgers.length === 0 ? '(none)' : row.ledgers.join(', '),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  // Numbers right-aligned, the shard and the ledger left-aligned.
  const format = (row: string[]) =>
    row
      .map((cell, column) => (column === 0 || column === header.length - 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  lines.push(format(header), ...rows.map(format));
  if (reruns.length > 0) lines.push('rerun:', ...reruns.map(({ row, command }) => `  shard ${shardLabel({ index: row.shard, count })}: ${command}`));
  return lines;
}

function statusJson(sweepId: string, count: number, standing: SweepStanding, reruns: Rerun[]) {
  const commands = new Map(reruns.map(({ row, command }) => [row.shard, command]));
  return {
    sweep_id: sweepId,
    shard_count: count,
    planned: standing.planned,
    done: standing.done,
    transport: standing.transport,
    missing: standing.missing,
    complete: reruns.length === 0,
    shards: standing.shards.map((row) => ({
      shard: { index: row.shard, count },
      ledgers: row.ledgers,
      planned: row.planned,
      done: row.done,
      transport: row.transport,
      missing: row.missing,
      rerun: commands.get(row.shard) ?? null,
    })),
  };
}
