import type { JudgeReliabilityRow } from '../../schema/surfaces/judge-reliability.ts';
import { openDatabase } from '../duckdb.ts';
import { diskLedgerSource } from '../ledgers/disk.ts';
import { loadLedgers } from '../ledgers/load.ts';
import { openRecordStore } from '../ledgers/record-store.ts';
import type { LedgerSource } from '../ledgers/source.ts';
import { judgeReliabilityRows } from '../surfaces/judge_reliability.ts';
import { createWorkspace } from '../workspace.ts';

/**
 * The judge reliability rows for the models compared, read as `export` reads them (the same loader,
 * the same record store), so a verdict on a judged suite is printed with what its judge is worth.
 */
export async function judgeRowsFor(ledgers: string, models: readonly string[], source: LedgerSource = diskLedgerSource()): Promise<JudgeReliabilityRow[]> {
  const workspace = createWorkspace();
  const store = openRecordStore(workspace.folder);
  const db = await openDatabase(workspace.folder);
  try {
    await loadLedgers(ledgers, source, db, { store });
    return (await judgeReliabilityRows({ db, store })).filter((row) => models.includes(row.model));
  } finally {
    store.close();
    await db.close();
    workspace.remove();
  }
}

/** One line per judged suite and model: the judge's figures, and whether the verdict rests on an unreliable judge. */
export function judgeNoteLines(rows: readonly JudgeReliabilityRow[]): string[] {
  return rows.map((row) => {
    const kappa = row.exact_kappa === null ? 'n/a' : `${row.exact_kappa.toFixed(2)} [${row.exact_kappa_low!.toFixed(2)}, ${row.exact_kappa_high!.toFixed(2)}]`;
    const position = row.position_agreement === null ? 'n/a' : `${(row.position_agreement * 100).toFixed(0)}%`;
    const seed = row.seed_agreement === null ? 'n/a' : `${(row.seed_agreement * 100).toFixed(0)}%`;
    const inter = row.inter_judge_kappa === null ? '' : `, kappa between judges ${row.inter_judge_kappa.toFixed(2)}`;
    const figures = `judged by ${row.judge} (${row.role}): kappa vs exact checks ${kappa}, same verdict with order swapped ${position}, with a second seed ${seed}${inter}`;
    const caveat = row.reliable
      ? 'judge within thresholds'
      : `CAUTION: this verdict rests on a judge below the reliability thresholds — ${row.warnings.join('; ')}`;
    return `${row.experiment} ${row.model}: ${figures}. ${caveat}.`;
  });
}
