import { z } from 'zod';

/**
 * One run as the comparison and scoring surfaces need it: a row of
 * exporter/sql/comparison_runs.sql over the `runs` table, validated on the way in.
 */
export const ComparableRunSchema = z.object({
  run_id: z.string(),
  recorded_at: z.string(),
  /** The model as a spec: `qwen3:8b` (Ollama), `openai:NAME`, `sim:NAME` — what `--models` and candidates.json use. */
  model: z.string(),
  experiment: z.string(),
  task_id: z.string(),
  arm: z.string(),
  repeat: z.number().int(),
  sample: z.number().int(),
  power_level: z.string(),
  applied_w: z.number().nullable(),
  passed: z.boolean(),
  score: z.number(),
  format_score: z.number().nullable(),
  output_tokens: z.number().nullable(),
  /** null: not recorded (a record imported from elsewhere). */
  wall_ms: z.number().nullable(),
  /** Gross joules when the reading is valid; null otherwise. */
  joules: z.number().nullable(),
  usd: z.number().nullable(),
  simulated: z.boolean(),
  /** The failure's harness-suspect reason (runs.harness_suspect); null when the run is none. */
  harness_suspect: z.string().nullable(),
});

export type ComparableRun = z.infer<typeof ComparableRunSchema>;

/** One row of exporter/sql/comparisons_cells.sql: runs per model, experiment, arm, power level and applied watts. */
export const RunCellSchema = z.object({
  model: z.string(),
  experiment: z.string(),
  arm: z.string(),
  power_level: z.string(),
  applied_w: z.number().nullable(),
  runs: z.number().int().positive(),
});

/** Validates query rows; a bad row is a bug in the SQL, not in the user's ledgers, so it throws. */
export function parseComparableRuns(rows: readonly unknown[]): ComparableRun[] {
  return rows.map((row, index) => {
    const parsed = ComparableRunSchema.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`comparison_runs row ${index}: ${issue.path.join('.')}: ${issue.message}`);
    }
    return parsed.data;
  });
}
