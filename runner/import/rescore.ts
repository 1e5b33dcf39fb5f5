import { CliError, isCliError } from '../../lib/cli-error.ts';
import type { EvaluationOutcome } from '../evaluators/evaluator.ts';
import { getEvaluator } from '../evaluators/registry.ts';
import type { ImportedRun } from './imported-run.ts';

/** Scores one answer with one of our evaluators; injected so tests can count calls. */
export type Score = (evaluator: string, input: { response: string; reference: unknown; settings?: Record<string, unknown> }) => Promise<EvaluationOutcome>;

export const scoreWithOurEvaluator: Score = (evaluator, input) => getEvaluator(evaluator).evaluate(input);

/**
 * Our verdict for every run that kept its answer and names a suite we have an evaluator for;
 * the others get none (their verdict stands, and the record says it was not re-scored).
 * One at a time: code answers run in the sandbox, and a CI runner has two cores.
 */
export async function rescoreRuns(
  runs: readonly ImportedRun[],
  where: (run: ImportedRun) => string,
  score: Score = scoreWithOurEvaluator,
): Promise<(EvaluationOutcome | undefined)[]> {
  const outcomes: (EvaluationOutcome | undefined)[] = [];
  for (const run of runs) {
    if (run.rescore === null || run.response === null) {
      outcomes.push(undefined);
      continue;
    }
    const { evaluator, reference, settings } = run.rescore;
    try {
      outcomes.push(await score(evaluator, { response: run.response, reference, ...(settings ? { settings } : {}) }));
    } catch (error) {
      if (isCliError(error)) throw new CliError(`${where(run)}: ${error.message}`, error.exitCode);
      throw error;
    }
  }
  return outcomes;
}
