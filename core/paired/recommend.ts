import type { ComparisonRow, Recommendation } from '../../schema/surfaces/comparisons.ts';
import { compareValues } from '../order.ts';

const HOLDS_UP: ReadonlySet<ComparisonRow['verdict']> = new Set(['non_inferior', 'significant_improvement']);
const money = (usd: number | null) => (usd === null ? 'unknown' : `$${usd.toPrecision(3)}`);
const label = (model: string, level: string) => (level === 'default' ? model : `${model} at power level ${level}`);

/** Verdicts that say something about the candidate; anything else (inconclusive, too few pairs) is "not known yet". */
const SETTLED: ReadonlySet<ComparisonRow['verdict']> = new Set(['significant_regression', 'non_inferior', 'significant_improvement']);

/** One candidate's standing, in the words of a "none holds up" message. */
function candidateReading(row: ComparisonRow, dearer: boolean): string {
  const reading = dearer && HOLDS_UP.has(row.verdict) ? 'holds up but is not cheaper per pass' : row.verdict;
  return row.harness_suspects.caveat === null ? reading : `${reading}, resting on suspected harness faults (not evidence about the model)`;
}

/**
 * The opening words when no candidate is recommended. "None holds up" only when every candidate
 * was shown not to (worse, or not cheaper); when any is still open, saying so is the honest
 * reading: an inconclusive comparison is an absence of evidence, not evidence of a regression.
 */
function noneHoldsUp(group: readonly ComparisonRow[], dearer: (row: ComparisonRow) => boolean): string {
  // A verdict resting on suspected harness faults settles nothing about the model.
  const open = group.some((row) => (!SETTLED.has(row.verdict) || row.harness_suspects.caveat !== null) && !dearer(row));
  return open ? 'None is shown to hold up yet (more paired tasks may decide it)' : 'None holds up';
}

/**
 * Per original (at its power level) × suite × arm: the cheapest candidate by cost per passed task
 * among those whose verdict is non_inferior or significant_improvement and that are not dearer than
 * the original; otherwise "none holds up", with each candidate's reason. Candidates without a
 * known cost rank after priced ones. Pure; rows in, recommendations out, in a stable order.
 */
export function recommend(rows: readonly ComparisonRow[]): Recommendation[] {
  const groups = new Map<string, ComparisonRow[]>();
  for (const row of rows) {
    const key = [row.original, row.original_power_level, row.experiment, row.arm].join('\u0000');
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  const out: Recommendation[] = [];
  for (const key of [...groups.keys()].sort()) {
    const group = groups.get(key)!;
    const first = group[0]!;
    const base = {
      original: first.original,
      original_power_level: first.original_power_level,
      experiment: first.experiment,
      arm: first.arm,
      original_usd_per_pass: first.original_usd_per_pass,
    };
    const dearer = (row: ComparisonRow) =>
      row.candidate_usd_per_pass !== null && row.original_usd_per_pass !== null && row.candidate_usd_per_pass >= row.original_usd_per_pass;
    // A verdict that rests on suspected harness faults is not evidence about the model: never a recommendation.
    const holding = group
      .filter((row) => HOLDS_UP.has(row.verdict) && !dearer(row) && row.harness_suspects.caveat === null)
      .sort(
        (a, b) =>
          (a.candidate_usd_per_pass ?? Infinity) - (b.candidate_usd_per_pass ?? Infinity) ||
          compareValues(a.candidate, b.candidate) ||
          compareValues(a.candidate_power_level, b.candidate_power_level),
      );
    const best = holding[0];
    if (best) {
      out.push({
        ...base,
        // The original's cost over the tasks this candidate was paired on, as the message compares.
        original_usd_per_pass: best.original_usd_per_pass,
        candidate: best.candidate,
        candidate_power_level: best.candidate_power_level,
        verdict: best.verdict,
        candidate_usd_per_pass: best.candidate_usd_per_pass,
        message:
          `Use ${label(best.candidate, best.candidate_power_level)} in place of ${label(best.original, best.original_power_level)}: ` +
          `${best.verdict.replace('_', '-')} on ${best.pairs} paired tasks (Δ ${(best.delta * 100).toFixed(1)} points, 95% CI ` +
          `${(best.delta_ci.low * 100).toFixed(1)} to ${(best.delta_ci.high * 100).toFixed(1)}), ` +
          `${money(best.candidate_usd_per_pass)} per pass vs ${money(best.original_usd_per_pass)}.`,
      });
      continue;
    }
    const reasons = group.map((row) => `${label(row.candidate, row.candidate_power_level)}: ${candidateReading(row, dearer(row))}`).join('; ');
    out.push({
      ...base,
      candidate: null,
      candidate_power_level: null,
      verdict: null,
      candidate_usd_per_pass: null,
      message: `${noneHoldsUp(group, dearer)}: keep ${label(first.original, first.original_power_level)} (${reasons}).`,
    });
  }
  return out;
}
