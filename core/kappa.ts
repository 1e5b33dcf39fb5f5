import { Z_95, type Interval } from './wilson.ts';

/** Cohen's kappa of two raters over the same items, with its asymptotic standard error and 95% interval. */
export interface Kappa {
  /** Items both raters labelled. */
  n: number;
  /** Observed agreement: the share of items given the same label. */
  observed: number;
  /** Agreement expected by chance from the two raters' marginal label shares. */
  expected: number;
  /** (observed − expected) / (1 − expected); null where it is undefined (no items, or both raters constant). */
  kappa: number | null;
  standard_error: number | null;
  /** kappa ± z·SE, clipped to [−1, 1]; null with kappa. */
  interval: Interval | null;
}

/**
 * Cohen's kappa (Cohen 1960) for paired labels `[a, b]`, with the large-sample standard error of
 * Fleiss, Cohen & Everitt (1969), the one Fleiss, Levin & Paik (2003, §18.1) give for intervals —
 * not the null-hypothesis SE, which is only right when kappa is 0. With one label on both sides
 * (expected agreement 1) kappa is undefined: agreement there says nothing about the rater.
 */
export function cohenKappa<Label>(pairs: ReadonlyArray<readonly [Label, Label]>, z = Z_95): Kappa {
  const n = pairs.length;
  if (n === 0) return { n, observed: 0, expected: 0, kappa: null, standard_error: null, interval: null };
  const labels = [...new Set(pairs.flat())];
  const index = new Map(labels.map((label, i) => [label, i]));
  const cells = labels.map(() => labels.map(() => 0));
  for (const [a, b] of pairs) cells[index.get(a)!]![index.get(b)!]! += 1 / n;
  const rows = cells.map((row) => row.reduce((sum, p) => sum + p, 0));
  const cols = labels.map((_, j) => cells.reduce((sum, row) => sum + row[j]!, 0));
  const observed = labels.reduce((sum, _, i) => sum + cells[i]![i]!, 0);
  const expected = labels.reduce((sum, _, i) => sum + rows[i]! * cols[i]!, 0);
  if (expected >= 1 - 1e-12) return { n, observed, expected, kappa: null, standard_error: null, interval: null };
  const kappa = (observed - expected) / (1 - expected);
  const se = Math.sqrt(Math.max(0, fceVariance(cells, rows, cols, kappa, expected)) / n);
  return {
    n,
    observed,
    expected,
    kappa,
    standard_error: se,
    interval: { low: Math.max(-1, kappa - z * se), high: Math.min(1, kappa + z * se) },
  };
}

/** n · Var(kappa) by Fleiss, Cohen & Everitt (1969), eq. 13, from cell proportions and marginals. */
function fceVariance(cells: number[][], rows: number[], cols: number[], kappa: number, expected: number): number {
  const k = rows.length;
  let diagonal = 0;
  let offDiagonal = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const p = cells[i]![j]!;
      if (i === j) diagonal += p * (1 - (rows[i]! + cols[i]!) * (1 - kappa)) ** 2;
      else offDiagonal += p * (cols[i]! + rows[j]!) ** 2;
    }
  }
  const correction = (kappa - expected * (1 - kappa)) ** 2;
  return (diagonal + (1 - kappa) ** 2 * offDiagonal - correction) / (1 - expected) ** 2;
}
