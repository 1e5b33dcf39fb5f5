import { z } from 'zod';
import { MarginPointsSchema } from '../../core/margin.ts';
import { CliError } from '../../lib/cli-error.ts';
import type { CandidateMap } from '../../schema/candidates.ts';
import type { Column, Comparisons } from '../../schema/surfaces/index.ts';
import { compareSides } from '../../core/paired/compare.ts';
import { planFromCells } from '../../core/paired/plan.ts';
import { DEFAULT_CANDIDATES_PATH, loadCandidates } from '../comparisons/candidates.ts';
import { RunCellSchema } from '../../core/paired/run-row.ts';
import { collectSides } from '../comparisons/side-store.ts';
import { DEFAULT_MARGIN_POINTS } from '../../core/paired/verdict.ts';
import { loadSql } from '../duckdb.ts';
import { envelope, type SurfaceContext } from './context.ts';

/**
 * The export options this surface reads, when the export command passes them (`--margin`,
 * `--holm`, `--candidates FILE`); anything else in the options object is ignored.
 */
export const ComparisonExportOptionsSchema = z.object({
  margin: MarginPointsSchema.optional(),
  holm: z.boolean().optional(),
  candidates: z.string().optional(),
});

export const COMPARISON_COLUMNS: Record<string, Column> = {
  original: { unit: 'model spec', description: 'the model compared against: qwen3:8b (Ollama), openai:NAME or sim:NAME' },
  kind: { unit: 'enum', description: 'model: two models at one power level; power_level: one model, a lower limit vs its highest' },
  pairs: { unit: 'tasks', description: 'paired tasks; each task is one outcome per side, the majority of its paired repeats (ties fail)' },
  original_only: { unit: 'tasks', description: 'b: original passed, candidate failed' },
  candidate_only: { unit: 'tasks', description: 'c: candidate passed, original failed' },
  discordant: {
    unit: 'task ids',
    description: 'lost: the b tasks (original passed, candidate failed); won: the c tasks; at most 500 ids each, truncated says a list was cut',
  },
  original_task_pass_rate: { unit: 'proportion', description: 'task pass rate: paired tasks whose majority of paired repeats passed ÷ paired tasks' },
  original_task_pass_rate_ci: { unit: 'proportion', description: 'Wilson 95% interval of the original task pass rate' },
  original_run_pass_rate: { unit: 'proportion', description: 'run pass rate: passed ÷ paired runs (pass@1); not the task pass rate' },
  delta: { unit: 'proportion', description: 'candidate − original task pass rate' },
  delta_ci: { unit: 'proportion', description: "Newcombe's paired hybrid score 95% interval (method 10)" },
  mcnemar_p: { unit: 'p', description: "McNemar's exact two-sided p on b and c" },
  margin: { unit: 'proportion', description: 'non-inferiority margin (0.05 = 5 points)' },
  pairs_needed_estimate: { unit: 'tasks', description: 'planning estimate of paired tasks likely to decide an open verdict (docs/statistics.md)' },
  energy_delta_j: { unit: 'J', description: 'candidate − original joules per run (valid readings), bootstrap 95% interval over tasks' },
  cost_delta_usd: { unit: 'USD', description: 'candidate − original cost per run, bootstrap 95% interval over tasks' },
  output_tokens_delta: { unit: 'tokens', description: 'candidate − original output tokens per run, bootstrap 95% interval' },
  wall_ms_delta: { unit: 'ms', description: 'candidate − original wall time per run, bootstrap 95% interval' },
  original_usd_per_pass: { unit: 'USD', description: 'cost per passed run over the paired runs that carry a cost' },
  original_usd_total: { unit: 'USD', description: 'cost of the paired runs on the original side (the suite as compared)' },
  harness_suspects: {
    unit: 'tasks',
    description:
      'lost: b tasks whose candidate failed on a suspected harness fault; won: c tasks whose original did; caveat: the sentence the verdict carries when they are at least half of b + c',
  },
};

/** The comparison options of this export (`--margin`, `--holm`, `--candidates FILE`), validated: one clear line when bad. */
export function comparisonOptionsOf(context: SurfaceContext): { marginPoints: number; holm: boolean; candidates: CandidateMap } {
  const parsed = ComparisonExportOptionsSchema.safeParse(context.options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(`--${issue.path.join('.')}: ${issue.message}`);
  }
  const options = parsed.data;
  return {
    marginPoints: options.margin ?? DEFAULT_MARGIN_POINTS,
    holm: options.holm ?? false,
    candidates: loadCandidates(options.candidates ?? DEFAULT_CANDIDATES_PATH),
  };
}

/** data/comparisons.json: paired verdicts for every mapped pair and power level, plus recommendations. */
export async function buildComparisons(context: SurfaceContext): Promise<Comparisons> {
  const comparisonOptions = comparisonOptionsOf(context);
  // Plan from per-cell counts, then make each side's runs objects only while a comparison needs
  // them: holding every run as an object cost ~1.3 GB at 1M records (bench/RESULTS.md). The runs
  // come from the pass the pairs files were written from, when the export made one.
  const cells = (await context.db.query(loadSql('comparisons_cells'))).map((row) => RunCellSchema.parse(row));
  const specs = planFromCells(cells, comparisonOptions.candidates);
  const store = context.sides ?? (await collectSides(context.db));
  const loadSide = async (model: string, experiment: string, arm: string, powerLevel: string) => store.side(model, experiment, arm, powerLevel);
  const result = await compareSides(specs, loadSide, comparisonOptions);
  return { ...envelope('comparisons', context, result.rows, COMPARISON_COLUMNS), recommendations: result.recommendations };
}
