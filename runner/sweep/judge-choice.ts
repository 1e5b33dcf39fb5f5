import { CliError } from '../../lib/cli-error.ts';
import { parseModelSpec } from '../../core/model-spec.ts';
import type { Experiment } from '../../schema/experiment.ts';
import type { SweepOptions } from './options.ts';

/** The simulator's judge: the default when every candidate is simulated. */
export const SIM_JUDGE = 'sim:judge';

const isJudgedSuite = (suite: Experiment) => suite.tasks.some((task) => task.evaluator.startsWith('judge@'));

/**
 * The sweep's judges, decided once at its start and kept in the sidecar: `--judge` as given, or
 * `sim:judge` for an all-simulated sweep. A judged suite with real candidates and no `--judge` is an
 * error, not a silent simulated judge; a `--judge` no suite needs is one too. Judged suites join the
 * default suite list (no `--experiments`) only with `--judge`: the default stays exact and executed checks.
 */
export function resolveJudges(options: SweepOptions, suites: Experiment[], defaulted: boolean): { options: SweepOptions; suites: Experiment[] } {
  if (defaulted && options.judges.length === 0) {
    const exact = suites.filter((suite) => !isJudgedSuite(suite));
    if (exact.length > 0) return { options: { ...options, experiments: exact.map((suite) => suite.manifest.id) }, suites: exact };
  }
  const judged = suites.filter(isJudgedSuite).map((suite) => suite.manifest.id);
  if (judged.length === 0) {
    if (options.judges.length > 0) {
      throw new CliError('--judge is given but no suite in this sweep is judged; drop --judge or add a judged suite (support_replies_v1)');
    }
    return { options, suites };
  }
  if (options.judges.length > 0) return { options, suites };
  if (options.models.every((model) => parseModelSpec(model).backend === 'sim')) return { options: { ...options, judges: [SIM_JUDGE] }, suites };
  throw new CliError(`${judged.join(', ')} is graded by a judge model: give --judge MODEL (e.g. --judge openai:NAME, or ${SIM_JUDGE} to simulate one)`);
}
