import type { ComparisonRow, Recommendation } from '../../schema/surfaces/comparisons.ts';
import { holmAdjust } from '../stats/holm.ts';
import type { CandidateMap } from './candidates.ts';
import { pairedStats, type PairedStats, type ComparisonSpec } from './paired-stats.ts';
import { groupRuns, planComparisons, sideOf } from './plan.ts';
import { recommend } from './recommend.ts';
import type { ComparableRun } from './run-row.ts';
import { decideVerdict, DEFAULT_ALPHA, DEFAULT_MARGIN_POINTS } from './verdict.ts';
import { compareValues } from '../surfaces/order.ts';

export interface ComparisonOptions {
  /** Non-inferiority margin in percentage points (`--margin`, default 5). */
  marginPoints?: number;
  /** Holm's correction across the suites of each compared pair (`--holm`). */
  holm?: boolean;
  alpha?: number;
  candidates: CandidateMap;
  /** Pairs named on the command line, compared whether or not candidates.json maps them. */
  extraPairs?: readonly (readonly [string, string])[];
  /** Compare only these specs instead of planning from the candidates (the `compare` command). */
  specs?: readonly ComparisonSpec[];
}

export interface ComparisonResult {
  rows: ComparisonRow[];
  recommendations: Recommendation[];
  /** Specs that paired nothing, with the runs each side had: for the compare command's errors. */
  empty: { spec: ComparisonSpec; originalRuns: number; candidateRuns: number }[];
}

/** The Holm family of a row: one compared pair (models and power levels) within one arm, across suites. */
const familyOf = (s: PairedStats) => [s.kind, s.original, s.candidate, s.original_power_level, s.candidate_power_level, s.arm].join('\u0000');

/**
 * Runs in, comparison rows and recommendations out (pure). Every planned comparison is paired,
 * Holm-adjusted within its family when asked, and given a verdict; rows come back sorted by
 * original, candidate, power levels, experiment and arm.
 */
export function compareRuns(runs: readonly ComparableRun[], options: ComparisonOptions): ComparisonResult {
  const margin = (options.marginPoints ?? DEFAULT_MARGIN_POINTS) / 100;
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const groups = groupRuns(runs);
  const specs = options.specs ?? planComparisons(runs, options.candidates, options.extraPairs);
  const stats: PairedStats[] = [];
  const empty: ComparisonResult['empty'] = [];
  for (const spec of specs) {
    const original = sideOf(groups, spec.original, spec.experiment, spec.arm, spec.originalPowerLevel);
    const candidate = sideOf(groups, spec.candidate, spec.experiment, spec.arm, spec.candidatePowerLevel);
    const result = pairedStats(spec, original, candidate);
    if (result) stats.push(result);
    else empty.push({ spec, originalRuns: original.length, candidateRuns: candidate.length });
  }

  const holm = new Map<PairedStats, number>();
  if (options.holm) {
    const families = new Map<string, PairedStats[]>();
    for (const s of stats) families.set(familyOf(s), [...(families.get(familyOf(s)) ?? []), s]);
    for (const members of families.values()) {
      const adjusted = holmAdjust(members.map((m) => m.mcnemar_p));
      members.forEach((m, i) => holm.set(m, adjusted[i]!));
    }
  }

  const rows: ComparisonRow[] = stats.map((s) => {
    const adjusted = holm.get(s) ?? null;
    const decision = decideVerdict({
      pairs: s.pairs,
      originalOnly: s.original_only,
      candidateOnly: s.candidate_only,
      delta: s.delta,
      deltaCi: s.delta_ci,
      p: s.mcnemar_p,
      holmP: adjusted,
      alpha,
      margin,
    });
    return {
      ...s,
      mcnemar_p_holm: adjusted,
      alpha,
      margin,
      verdict: decision.verdict,
      verdict_reason: decision.reason,
      pairs_needed_estimate: decision.pairsNeededEstimate,
    };
  });
  const text = compareValues;
  rows.sort(
    (a, b) =>
      text(a.original, b.original) ||
      text(a.kind, b.kind) ||
      text(a.candidate, b.candidate) ||
      text(a.original_power_level, b.original_power_level) ||
      text(a.candidate_power_level, b.candidate_power_level) ||
      text(a.experiment, b.experiment) ||
      text(a.arm, b.arm),
  );
  return { rows, recommendations: recommend(rows), empty };
}
