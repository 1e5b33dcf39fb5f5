import { DEFAULT_EXPERIMENTS_DIR, listBuiltInSuites, loadBuiltInSuite } from '../experiments/load.ts';
import { taskHash } from '../sweep/run-id.ts';
import type { ImportedRun } from './imported-run.ts';

/**
 * Runs of one of our own suites, answered in another harness: where the source names the suite by
 * its id (the experiment) and the task by its id, our task's evaluator and reference can score
 * the kept answer, and the record takes our task hash, so it pairs with our own runs of the task.
 * Runs that already have a re-scoring target (GSM8K, HumanEval, MBPP by the source's data) keep it.
 */
export function withOurSuiteTargets(runs: ImportedRun[], root = DEFAULT_EXPERIMENTS_DIR): ImportedRun[] {
  const suites = new Set(listBuiltInSuites(root));
  const wanted = new Set(runs.filter((run) => suites.has(run.experiment)).map((run) => run.experiment));
  if (wanted.size === 0) return runs;
  const tasks = new Map([...wanted].map((id) => [id, new Map(loadBuiltInSuite(root, id).tasks.map((task) => [task.id, task]))]));
  return runs.map((run) => {
    const task = tasks.get(run.experiment)?.get(run.task.id);
    if (task === undefined) return run;
    return {
      ...run,
      task: { ...run.task, hash: taskHash(task) },
      rescore: run.rescore ?? { evaluator: task.evaluator, reference: task.reference, ...(task.settings ? { settings: task.settings } : {}) },
    };
  });
}
