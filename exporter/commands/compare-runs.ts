import { CliError } from '../../lib/cli-error.ts';
import { loadSql, openDatabase } from '../duckdb.ts';
import { diskLedgerSource } from '../ledgers/disk.ts';
import { loadLedgers } from '../ledgers/load.ts';
import { withRemoteLedgers } from '../ledgers/remote.ts';
import type { LedgerSource } from '../ledgers/source.ts';
import { parseComparableRuns, type ComparableRun } from '../../core/paired/run-row.ts';

export interface LoadedRuns {
  runs: ComparableRun[];
  /** Ledger files read and lines rejected, for the command's summary line. */
  files: number;
  rejected: number;
}

/**
 * Reads the ledgers through the exporter's own reader and loader (the same validation and the
 * same `runs` table as `export`), then selects the comparison rows. No ledger at all is a
 * one-line CliError; rejected lines are counted, as export counts them.
 */
export async function loadComparableRuns(
  ledgers: string,
  source: LedgerSource = withRemoteLedgers(diskLedgerSource(), { log: (line) => console.error(line) }),
): Promise<LoadedRuns> {
  const db = await openDatabase();
  try {
    const loaded = await loadLedgers(ledgers, source, db);
    if (loaded.files.length === 0) throw new CliError(loaded.problems[0] ?? `no ledgers found for ${ledgers}; pass --ledgers GLOB`);
    const runs = parseComparableRuns(await db.query(loadSql('comparisons_runs')));
    return { runs, files: loaded.files.length, rejected: loaded.rejected.length };
  } finally {
    await db.close();
  }
}
