import type { ComparisonRow, Recommendation } from '../../schema/surfaces/comparisons.ts';
import { holmAdjust } from './holm.ts';
import type { CandidateMap } from '../../schema/candidates.ts';
import { pairedStats, type PairedStats, type ComparisonSpec } from './paired-stats.ts';
import { groupRuns, planComparisons, sideOf } from './plan.ts';
import { recommend } from './recommend.ts';
import type { ComparableRun } from './run-row.ts';
import { decideVerdict, DEFAULT_ALPHA, DEFAULT_MARGIN_POINTS } from './verdict.ts';
import { compareValues } from '../order.ts';

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

/** The runs of one side, `(model, experiment, arm, power level)`, in the order comparisons_runs.sql gives them. */
export type SideLoader = (model: string, experiment: string, arm: string, powerLevel: string) => Promise<readonly ComparableRun[]>;

/**
 * Runs in, comparison rows and recommendations out (pure). Every planned comparison is paired,
 * Holm-adjusted within its family when asked, and given a verdict; rows come back sorted by
 * original, candidate, power levels, experiment and arm.
 */
export function compareRuns(runs: readonly ComparableRun[], options: ComparisonOptions): ComparisonResult {
  const groups = groupRuns(runs);
  const specs = options.specs ?? planComparisons(runs, options.candidates, options.extraPairs);
  const paired = specs.map((spec) =>
    pairSpec(
      spec,
      sideOf(groups, spec.original, spec.experiment, spec.arm, spec.originalPowerLevel),
      sideOf(groups, spec.candidate, spec.experiment, spec.arm, spec.candidatePowerLevel),
    ),
  );
  return finishComparisons(paired, options);
}

/** One side's key, `(model, experiment, arm, power level)`, as one string for maps. */
export const sideKey = (model: string, experiment: string, arm: string, level: string) => [model, experiment, arm, level].join('\u0000');

/**
 * `compareRuns` for planned specs whose sides are loaded on demand, so the runs of a whole export
 * are never held at once: a side is loaded when a spec first needs it and dropped after the last
 * spec that uses it (specs are taken per model, experiment and arm, so few sides are alive at a
 * time). Same rows, in the same order, as `compareRuns` over all the runs.
 */
export async function compareSides(specs: readonly ComparisonSpec[], load: SideLoader, options: ComparisonOptions): Promise<ComparisonResult> {
  const sidesOf = (spec: ComparisonSpec) => [
    sideKey(spec.original, spec.experiment, spec.arm, spec.originalPowerLevel),
    sideKey(spec.candidate, spec.experiment, spec.arm, spec.candidatePowerLevel),
  ];
  const uses = new Map<string, number>();
  for (const spec of specs) for (const key of sidesOf(spec)) uses.set(key, (uses.get(key) ?? 0) + 1);
  // Work order only: results go back into plan order below, so the output does not depend on it.
  const order = specs
    .map((spec, index) => ({ spec, index, group: sideKey(spec.original, spec.experiment, spec.arm, '') }))
    .sort((a, b) => compareValues(a.group, b.group) || a.index - b.index);
  const held = new Map<string, readonly ComparableRun[]>();
  const side = async (key: string, model: string, experiment: string, arm: string, level: string) => {
    let runs = held.get(key);
    if (runs === undefined) {
      runs = await load(model, experiment, arm, level);
      held.set(key, runs);
    }
    return runs;
  };
  const release = (key: string) => {
    const left = uses.get(key)! - 1;
    uses.set(key, left);
    if (left === 0) held.delete(key);
  };
  const paired = new Array<Paired>(specs.length);
  for (const { spec, index } of order) {
    const [originalKey, candidateKey] = sidesOf(spec) as [string, string];
    const original = await side(originalKey, spec.original, spec.experiment, spec.arm, spec.originalPowerLevel);
    const candidate = await side(candidateKey, spec.candidate, spec.experiment, spec.arm, spec.candidatePowerLevel);
    paired[index] = pairSpec(spec, original, candidate);
    release(originalKey);
    release(candidateKey);
  }
  return finishComparisons(paired, options);
}

type Paired = { spec: ComparisonSpec; stats: PairedStats | null; originalRuns: number; candidateRuns: number };

function pairSpec(spec: ComparisonSpec, original: readonly ComparableRun[], candidate: readonly ComparableRun[]): Paired {
  return { spec, stats: pairedStats(spec, original, candidate), originalRuns: original.length, candidateRuns: candidate.length };
}

/** Holm, verdicts, sorting and recommendations over the paired specs (in plan order). */
function finishComparisons(paired: readonly Paired[], options: ComparisonOptions): ComparisonResult {
  const margin = (options.marginPoints ?? DEFAULT_MARGIN_POINTS) / 100;
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const stats: PairedStats[] = [];
  const empty: ComparisonResult['empty'] = [];
  for (const { spec, stats: result, originalRuns, candidateRuns } of paired) {
    if (result) stats.push(result);
    else empty.push({ spec, originalRuns, candidateRuns });
  }

  const holm = new Map<PairedStats, number>();
  if (options.holm) {
    const families = new Map<string, PairedStats[]>();
    for (const s of stats) families.set(familyOf(s), [...(families.get(familyOf(s)) ?? []), s]);
    for (const members of families.values()) {
      const adjusted = holmAdjust(members.map((m) => m.mcnemar_p));
      for (const [i, m] of members.entries()) holm.set(m, adjusted[i]!);
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
      harnessCaveat: s.harness_suspects.caveat,
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
