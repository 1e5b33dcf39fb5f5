import { DISCORDANT_LIST_LIMIT, type ComparisonRow } from '../../schema/surfaces/comparisons.ts';
import { mcnemarExact } from './mcnemar.ts';
import { pairedDifferenceCi } from './paired-difference.ts';
import { wilson } from '../wilson.ts';
import { efficiencyDeltas } from './deltas.ts';
import { discordantSuspects, harnessSuspects } from './harness-caveat.ts';
import { pairRuns, type RunPair } from './pairing.ts';
import { OUTCOME_RULE } from '../task-outcome.ts';
import type { ComparableRun } from './run-row.ts';

/** Which runs a comparison sets against which. */
export interface ComparisonSpec {
  kind: ComparisonRow['kind'];
  original: string;
  candidate: string;
  originalPowerLevel: string;
  candidatePowerLevel: string;
  experiment: string;
  arm: string;
}

/** A comparison row before the verdict (which may wait for Holm's correction across suites). */
export type PairedStats = Omit<ComparisonRow, 'mcnemar_p_holm' | 'alpha' | 'margin' | 'verdict' | 'verdict_reason' | 'pairs_needed_estimate'>;

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Dollars per passed run over the runs that carry a cost — the same definition as the metrics' usd_per_pass. */
function usdPerPass(runs: readonly ComparableRun[]): number | null {
  const priced = runs.filter((run) => run.usd !== null);
  const passed = priced.filter((run) => run.passed).length;
  if (priced.length === 0 || passed === 0) return null;
  return priced.reduce((sum, run) => sum + run.usd!, 0) / passed;
}

/** Dollars for all the runs that carry a cost: what the paired part of the suite cost; null when none is priced. */
function usdTotal(runs: readonly ComparableRun[]): number | null {
  const priced = runs.filter((run) => run.usd !== null);
  return priced.length === 0 ? null : priced.reduce((sum, run) => sum + run.usd!, 0);
}

/**
 * Pairs two sets of runs and computes everything the verdict needs: the 2×2 of task outcomes,
 * Wilson intervals of both pass rates, Newcombe's paired interval for candidate − original, the
 * exact McNemar p, bootstrap intervals of the efficiency deltas, and cost per pass. Null when
 * nothing paired (the caller reports the unpaired runs instead).
 */
export function pairedStats(spec: ComparisonSpec, original: readonly ComparableRun[], candidate: readonly ComparableRun[]): PairedStats | null {
  const pairing = pairRuns(original, candidate);
  const n = pairing.tasks.length;
  if (n === 0) return null;
  let both = 0;
  let originalOnly = 0;
  let candidateOnly = 0;
  const lost: string[] = [];
  const won: string[] = [];
  for (const task of pairing.tasks) {
    if (task.originalPassed && task.candidatePassed) both++;
    else if (task.originalPassed) {
      originalOnly++;
      if (lost.length < DISCORDANT_LIST_LIMIT) lost.push(task.taskId);
    } else if (task.candidatePassed) {
      candidateOnly++;
      if (won.length < DISCORDANT_LIST_LIMIT) won.push(task.taskId);
    }
  }
  const neither = n - both - originalOnly - candidateOnly;
  const pairs: RunPair[] = pairing.tasks.flatMap((task) => task.pairs);
  const originalRuns = pairs.map((pair) => pair.original);
  const candidateRuns = pairs.map((pair) => pair.candidate);
  return {
    original: spec.original,
    candidate: spec.candidate,
    kind: spec.kind,
    original_power_level: spec.originalPowerLevel,
    candidate_power_level: spec.candidatePowerLevel,
    experiment: spec.experiment,
    arm: spec.arm,
    outcome_rule: OUTCOME_RULE,
    pairs: n,
    paired_runs: pairs.length,
    unpaired_runs_excluded: pairing.unpairedRuns,
    both_pass: both,
    original_only: originalOnly,
    candidate_only: candidateOnly,
    both_fail: neither,
    // Tasks arrive sorted by id (pairRuns), so the lists are too.
    discordant: { lost, won, truncated: lost.length < originalOnly || won.length < candidateOnly },
    original_task_pass_rate: (both + originalOnly) / n,
    original_task_pass_rate_ci: wilson(both + originalOnly, n),
    candidate_task_pass_rate: (both + candidateOnly) / n,
    candidate_task_pass_rate_ci: wilson(both + candidateOnly, n),
    original_run_pass_rate: mean(originalRuns.map((run) => (run.passed ? 1 : 0))),
    candidate_run_pass_rate: mean(candidateRuns.map((run) => (run.passed ? 1 : 0))),
    delta: (candidateOnly - originalOnly) / n,
    // First member = candidate, so the interval is for candidate − original.
    delta_ci: pairedDifferenceCi({ both, firstOnly: candidateOnly, secondOnly: originalOnly, neither }),
    mcnemar_p: mcnemarExact(originalOnly, candidateOnly),
    ...efficiencyDeltas(pairing.tasks),
    original_usd_per_pass: usdPerPass(originalRuns),
    candidate_usd_per_pass: usdPerPass(candidateRuns),
    original_usd_total: usdTotal(originalRuns),
    candidate_usd_total: usdTotal(candidateRuns),
    simulated: pairs.some((pair) => pair.original.simulated || pair.candidate.simulated),
    harness_suspects: harnessSuspects(discordantSuspects(pairing.tasks), originalOnly, candidateOnly),
  };
}
