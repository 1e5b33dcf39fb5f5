import { majorityPassed } from '../../core/task-outcome.ts';
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

const keyOf = (run: RunRecord) => `${run.repeat}\u0000${run.sample ?? 0}`;

/** The later record of each (repeat, sample), as the exporter's pairing keeps it. */
function latest(runs: readonly RunRecord[]): { byKey: Map<string, RunRecord>; superseded: number } {
  const byKey = new Map<string, RunRecord>();
  let superseded = 0;
  for (const run of runs) {
    const held = byKey.get(keyOf(run));
    if (held !== undefined) superseded++;
    if (held === undefined || run.recorded_at > held.recorded_at || (run.recorded_at === held.recorded_at && run.run_id > held.run_id))
      byKey.set(keyOf(run), run);
  }
  return { byKey, superseded };
}

/**
 * Pairs one task's runs of the two sides on (repeat, sample), the exporter's rule
 * (exporter/comparisons/pairing.ts), so the outcome shown beside the responses is the one the
 * comparison counted. The caller passes runs already narrowed to one side's model, arm and power level.
 */
export function pairTaskRuns(original: readonly RunRecord[], candidate: readonly RunRecord[]): TaskPairing {
  const left = latest(original);
  const right = latest(candidate);
  const pairs: RunPairing[] = [];
  for (const [key, run] of left.byKey) {
    const partner = right.byKey.get(key);
    if (partner !== undefined) pairs.push({ repeat: run.repeat, sample: run.sample ?? 0, original: run, candidate: partner });
  }
  pairs.sort((a, b) => a.repeat - b.repeat || a.sample - b.sample);
  const unpaired = left.superseded + right.superseded + left.byKey.size + right.byKey.size - 2 * pairs.length;
  return {
    pairs,
    originalPassed: majorityPassed(pairs.map((pair) => pair.original.evaluation.passed)),
    candidatePassed: majorityPassed(pairs.map((pair) => pair.candidate.evaluation.passed)),
    unpaired,
  };
}
