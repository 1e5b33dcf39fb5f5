/**
 * "vs best visible row" ratios, recomputed over exactly the rows the user sees after filters
 * (docs/ui.md defines them). Both are ≥ 1 where defined, and 1.00× marks the reference row.
 */
export interface RelativeInput {
  run_pass_rate: number | null;
  mean_output_tokens: number | null;
  score_per_wh: number | null;
}

export interface RelativeColumns {
  /** This row's mean output tokens ÷ the lowest mean output tokens among visible rows with run_pass_rate > 0. */
  token_waste: number | null;
  /** The best visible score_per_wh ÷ this row's score_per_wh. */
  energy_gap: number | null;
}

/** The reference values: the leanest passing row's tokens and the best visible score per Wh. */
export function relativeReference(rows: readonly RelativeInput[]): { leanestTokens: number | null; bestScorePerWh: number | null } {
  let leanestTokens: number | null = null;
  let bestScorePerWh: number | null = null;
  for (const row of rows) {
    // A row that never passes is not a fair reference: zero tokens for zero answers is not lean.
    const tokens = row.mean_output_tokens;
    if (row.run_pass_rate !== null && row.run_pass_rate > 0 && tokens !== null && tokens > 0 && (leanestTokens === null || tokens < leanestTokens))
      leanestTokens = tokens;
    const perWh = row.score_per_wh;
    if (perWh !== null && perWh > 0 && (bestScorePerWh === null || perWh > bestScorePerWh)) bestScorePerWh = perWh;
  }
  return { leanestTokens, bestScorePerWh };
}

/** Both ratios for every row, in the rows' order. */
export function relativeColumns(rows: readonly RelativeInput[]): RelativeColumns[] {
  const { leanestTokens, bestScorePerWh } = relativeReference(rows);
  return rows.map((row) => {
    const tokens = row.mean_output_tokens;
    const perWh = row.score_per_wh;
    return {
      token_waste: leanestTokens !== null && tokens !== null ? tokens / leanestTokens : null,
      // A row scoring 0 per Wh is infinitely far behind; null keeps it out of sorting instead of Infinity.
      energy_gap: bestScorePerWh !== null && perWh !== null && perWh > 0 ? bestScorePerWh / perWh : null,
    };
  });
}
