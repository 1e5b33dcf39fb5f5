import { pairRuns } from '../../core/paired/pairing.ts';
import type { RunRecord } from '../../schema/run-record.ts';

/** One repeat of a task on both sides of a comparison. */
export interface RunPairing {
  repeat: number;
  sample: number;
  original: RunRecord;
  candidate: RunRecord;
}

export interface TaskPairing {
  pairs: RunPairing[];
  /** Each side's task outcome: the majority of its paired repeats, ties failing (core/task-outcome.ts). */
  originalPassed: boolean;
  candidatePassed: boolean;
  /** Runs of either side with no partner on the other, plus superseded duplicates. */
  unpaired: number;
}

/** A run record as the pairing rule reads it, with the record kept for the view. */
const pairable = (record: RunRecord) => ({
  run_id: record.run_id,
  recorded_at: record.recorded_at,
  task_id: record.task.id,
  repeat: record.repeat,
  sample: record.sample ?? 0,
  passed: record.evaluation.passed,
  record,
});

/**
 * Pairs one task's runs of the two sides with the exporter's own rule (core/paired/pairing.ts),
 * so the outcome shown beside the responses is the one the comparison counted. The caller passes
 * runs already narrowed to one side's model, arm, power level (and the sweeps in view).
 */
export function pairTaskRuns(original: readonly RunRecord[], candidate: readonly RunRecord[]): TaskPairing {
  const pairing = pairRuns(original.map(pairable), candidate.map(pairable));
  const task = pairing.tasks[0];
  const pairs = (task?.pairs ?? [])
    .map((pair) => ({ repeat: pair.original.repeat, sample: pair.original.sample, original: pair.original.record, candidate: pair.candidate.record }))
    .sort((a, b) => a.repeat - b.repeat || a.sample - b.sample);
  return {
    pairs,
    originalPassed: task?.originalPassed ?? false,
    candidatePassed: task?.candidatePassed ?? false,
    unpaired: pairing.unpairedRuns,
  };
}
