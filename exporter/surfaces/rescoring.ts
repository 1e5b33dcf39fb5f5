import { z } from 'zod';
import type { Column, Rescoring, RescoringRow } from '../../schema/surfaces/index.ts';
import { loadSql } from '../duckdb.ts';
import { envelope, type SurfaceContext } from './context.ts';

export const RESCORING_COLUMNS: Record<string, Column> = {
  compared: { unit: 'runs', description: 'imported runs scored again by our evaluator whose source kept its own verdict' },
  agree: { unit: 'runs', description: 'runs where our verdict (evaluation.passed) equals theirs (origin.their_verdict.passed)' },
  ours_only_passed: { unit: 'runs', description: 'we pass, the source harness failed' },
  theirs_only_passed: { unit: 'runs', description: 'the source harness passed, we fail' },
  agreement_rate: { unit: 'proportion', description: 'agree ÷ compared' },
};

const RescoredRunSchema = z.object({
  experiment: z.string(),
  origin_format: z.string(),
  evaluator: z.string(),
  model: z.string(),
  task_id: z.string(),
  run_id: z.string(),
  passed: z.boolean(),
  their_passed: z.boolean(),
  simulated: z.boolean(),
});

type RescoredRun = z.infer<typeof RescoredRunSchema>;

/** Agreement counts per suite × source format (pure); runs arrive sorted, so rows and lists are too. */
export function rescoringRows(runs: readonly RescoredRun[]): RescoringRow[] {
  const groups = new Map<string, RescoredRun[]>();
  for (const run of runs) {
    const key = JSON.stringify([run.experiment, run.origin_format]);
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()].map((group) => {
    const count = (test: (run: RescoredRun) => boolean) => group.filter(test).length;
    const agree = count((run) => run.passed === run.their_passed);
    return {
      experiment: group[0]!.experiment,
      origin_format: group[0]!.origin_format,
      evaluators: [...new Set(group.map((run) => run.evaluator))].sort(),
      models: new Set(group.map((run) => run.model)).size,
      compared: group.length,
      agree,
      disagree: group.length - agree,
      both_passed: count((run) => run.passed && run.their_passed),
      both_failed: count((run) => !run.passed && !run.their_passed),
      ours_only_passed: count((run) => run.passed && !run.their_passed),
      theirs_only_passed: count((run) => !run.passed && run.their_passed),
      agreement_rate: agree / group.length,
      disagreements: group
        .filter((run) => run.passed !== run.their_passed)
        .map((run) => ({ run_id: run.run_id, model: run.model, task_id: run.task_id, ours_passed: run.passed })),
      simulated: group.some((run) => run.simulated),
    };
  });
}

/** data/rescoring.json: how often the source harness's scorer and ours agree on imported answers. */
export async function buildRescoring(context: SurfaceContext): Promise<Rescoring> {
  const runs = (await context.db.query(loadSql('rescoring'))).map((row) => RescoredRunSchema.parse(row));
  return envelope('rescoring', context, rescoringRows(runs), RESCORING_COLUMNS);
}
