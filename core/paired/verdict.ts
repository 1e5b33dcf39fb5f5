import type { Verdict } from '../../schema/surfaces/comparisons.ts';
import { pairsToDecide } from './sample-size.ts';
import type { Interval } from '../wilson.ts';

/** Fewer paired tasks than this and no verdict is attempted: McNemar cannot reach p < 0.05 below 6 discordant pairs, and 10 tasks is already thin. */
export const MIN_PAIRS = 10;
export const DEFAULT_ALPHA = 0.05;
/** Non-inferiority margin in percentage points (`--margin`). */
export const DEFAULT_MARGIN_POINTS = 5;

export interface VerdictInput {
  pairs: number;
  /** b: original passed, candidate failed. */
  originalOnly: number;
  /** c: candidate passed, original failed. */
  candidateOnly: number;
  /** candidate − original pass rate, and its paired interval. */
  delta: number;
  deltaCi: Interval;
  /** McNemar's exact p. */
  p: number;
  /** The Holm-adjusted p under `--holm` (the decision then uses it); null otherwise. */
  holmP?: number | null;
  alpha: number;
  /** As a proportion (0.05 = 5 points). */
  margin: number;
  /** The harness-suspect caveat (harness-caveat.ts) when the discordant pairs rest on suspects; the reason then ends with it. */
  harnessCaveat?: string | null;
}

export interface VerdictResult {
  verdict: Verdict;
  reason: string;
  pairsNeededEstimate: number | null;
}

const points = (proportion: number) => {
  const value = proportion * 100;
  const text = Math.abs(value) < 0.05 ? '0.0' : value.toFixed(1);
  return value > 0.05 ? `+${text}` : text;
};
/** What the interval's lower bound rules out, in words. */
const ruledOut = (low: number) =>
  low >= 0 ? 'the interval excludes any drop' : `the interval rules out a drop of more than ${(-low * 100).toFixed(1)} points`;
const formatP = (p: number) => (p < 0.0001 ? p.toExponential(1) : p.toPrecision(2));

/**
 * The verdict for one paired comparison, checked in this order: too few pairs; a significant
 * McNemar result (regression or improvement, by the sign of c − b); non-inferiority (the
 * interval's lower bound above −margin); otherwise inconclusive. Never a bare "safe": the reason
 * always carries the interval, and an open verdict says plainly that it is not evidence the
 * candidate holds up, with a planning estimate of the tasks likely to decide it.
 */
export function decideVerdict(input: VerdictInput): VerdictResult {
  const decided = decideOnCounts(input);
  const caveat = input.harnessCaveat ?? null;
  // Said in the verdict's own words, so no reader of the reason can miss it.
  return caveat === null ? decided : { ...decided, reason: `${decided.reason} ${caveat}` };
}

function decideOnCounts(input: VerdictInput): VerdictResult {
  const { pairs, originalOnly: b, candidateOnly: c, delta, deltaCi, alpha, margin } = input;
  const holmP = input.holmP ?? null;
  const p = holmP ?? input.p;
  const pText = holmP === null ? formatP(input.p) : `${formatP(input.p)}, Holm-adjusted ${formatP(holmP)}`;
  const marginPts = `${Number((margin * 100).toPrecision(6))}-point`;
  const effect = `${points(delta)} points (95% CI ${points(deltaCi.low)} to ${points(deltaCi.high)}) on ${pairs} paired tasks (original-only passes b = ${b}, candidate-only c = ${c}), McNemar p = ${pText}`;
  const estimate = () => pairsToDecide({ pairs, originalOnly: b, candidateOnly: c }, margin);
  const planning = (needed: number | null) =>
    needed === null
      ? 'No finite number of tasks is likely to decide it at the observed rates.'
      : `Planning estimate, not a promise: about ${needed} paired tasks would likely decide it at the observed discordance rates${
          needed > pairs ? `, more than the ${pairs} compared here: the suite needs more tasks` : ''
        }.`;

  if (pairs < MIN_PAIRS) {
    const needed = estimate();
    return {
      verdict: 'insufficient_evidence',
      reason: `Only ${pairs} paired tasks (fewer than ${MIN_PAIRS}): too few to judge, and not evidence that the candidate holds up. ${planning(needed)}`,
      pairsNeededEstimate: needed,
    };
  }
  if (p < alpha && c < b) {
    return {
      verdict: 'significant_regression',
      reason: `The candidate is significantly worse: ${effect}. It does not hold up on this suite.`,
      pairsNeededEstimate: null,
    };
  }
  if (p < alpha && c > b) {
    return { verdict: 'significant_improvement', reason: `The candidate is significantly better: ${effect}.`, pairsNeededEstimate: null };
  }
  if (deltaCi.low > -margin) {
    return {
      verdict: 'non_inferior',
      reason: `Non-inferior within the ${marginPts} margin: ${effect}; ${ruledOut(deltaCi.low)}.`,
      pairsNeededEstimate: null,
    };
  }
  const needed = estimate();
  return {
    verdict: 'inconclusive',
    reason: `Inconclusive: ${effect}. This is not evidence that the candidate holds up: the interval still allows a drop of ${(-deltaCi.low * 100).toFixed(1)} points, more than the ${marginPts} margin. ${planning(needed)}`,
    pairsNeededEstimate: needed,
  };
}
