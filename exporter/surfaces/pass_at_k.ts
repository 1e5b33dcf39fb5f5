import type { Column, PassAtK } from '../../schema/surfaces/index.ts';
import { passAtKRows, TaskSamplesSchema } from './pass_at_k_rows.ts';
import { limitMemory, loadSql, type Database } from '../duckdb.ts';
import { envelope, type SurfaceContext } from './context.ts';

export const PASS_AT_K_COLUMNS: Record<string, Column> = {
  samples_min: { unit: 'samples', description: 'fewest answered samples (repeats × samples) any task in the group has' },
  samples_max: { unit: 'samples', description: 'most answered samples any task in the group has; k runs up to it' },
  pass_at: { unit: 'proportion', description: 'unbiased pass@k (Chen et al. 2021) per task, mean over the pass_at[].tasks tasks with at least k samples' },
};

/**
 * DuckDB's memory for the samples' latest-record window beyond what it holds: uncapped, the window
 * over a million runs took ~200 MB more and set the export's peak RSS (bench/RESULTS.md).
 */
const SAMPLES_HEADROOM_BYTES = 128 << 20;

/** The per-sweep sample counts both pass@k surfaces read (exporter/sql/pass_at_k_samples.sql), made once. */
export async function countPassAtKSamples(db: Database): Promise<void> {
  const release = await limitMemory(db, SAMPLES_HEADROOM_BYTES);
  try {
    await db.run(loadSql('pass_at_k_samples'));
  } finally {
    await release();
  }
}

/** data/pass_at_k.json: pass@k per model × suite × arm × power level, and per task when small. */
export async function buildPassAtK(context: SurfaceContext): Promise<PassAtK> {
  await countPassAtKSamples(context.db);
  const samples = (await context.db.query(loadSql('pass_at_k_tasks'))).map((row) => TaskSamplesSchema.parse(row));
  const result = passAtKRows(samples);
  return {
    ...envelope('pass_at_k', context, result.rows, PASS_AT_K_COLUMNS),
    task_rows: result.taskRows,
    task_rows_omitted: result.taskRowsOmitted,
  };
}
