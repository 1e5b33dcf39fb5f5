import { z } from 'zod';
import type { Column, DualScoring, DualScoringRow } from '../../schema/surfaces/index.ts';
import { dualScoringRows, sortDualScoringRows } from '../../core/paired/dual-scoring.ts';
import { runsFromColumns } from '../comparisons/side-rows.ts';
import { loadSql } from '../duckdb.ts';
import { envelope, type SurfaceContext } from './context.ts';

export const DUAL_SCORING_COLUMNS: Record<string, Column> = {
  mean_format_score: { unit: 'score 0..1', description: 'how well the answer followed the required shape (evaluation.format_score)' },
  mean_executor_score: { unit: 'score 0..1', description: 'whether the code worked when executed (evaluation.score)' },
  format_delta: { unit: 'score', description: 'this arm − plain, paired on task, repeat, sample and power level' },
  executor_delta: { unit: 'score', description: 'this arm − plain, paired on task, repeat, sample and power level' },
  format_delta_ci: { unit: 'score', description: 'seeded percentile-bootstrap 95% interval over paired tasks (B = 2000)' },
  classification: { unit: 'enum', description: 'format_only, contract_helps, contract_hurts or no_effect; null below 10 paired tasks' },
};

const DualScoringGroupSchema = z.object({ model: z.string(), experiment: z.string() });

/** data/dual_scoring.json: does a prompt contract only teach format, or make the code work? */
export async function buildDualScoring(context: SurfaceContext): Promise<DualScoring> {
  // One model and experiment at a time (arms pair only within one), never every run at once.
  const groups = (await context.db.query(loadSql('dual_scoring_groups'))).map((row) => DualScoringGroupSchema.parse(row));
  const rows: DualScoringRow[] = [];
  for (const { model, experiment } of groups) {
    const { rows: count, columns } = await context.db.queryColumns(loadSql('dual_scoring_runs'), { model, experiment });
    const runs = runsFromColumns(count, columns, { model, experiment });
    rows.push(...dualScoringRows(runs));
  }
  return envelope('dual_scoring', context, sortDualScoringRows(rows), DUAL_SCORING_COLUMNS);
}
