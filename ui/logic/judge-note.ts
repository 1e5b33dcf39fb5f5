import type { JudgeReliabilityRow } from '../../schema/surfaces/judge-reliability.ts';
import { formatRate } from './format.ts';

/** A kappa with its interval: `0.84 [0.54, 1.00]`, or `n/a` where it is undefined. */
export function formatKappa(kappa: number | null, low: number | null, high: number | null): string {
  if (kappa === null) return 'n/a';
  return low === null || high === null ? kappa.toFixed(2) : `${kappa.toFixed(2)} [${low.toFixed(2)}, ${high.toFixed(2)}]`;
}

/** The judge's figures in one line, as they sit beside a judged pass rate. */
export function judgeFigures(row: JudgeReliabilityRow): string {
  const parts = [
    `kappa vs exact checks ${formatKappa(row.exact_kappa, row.exact_kappa_low, row.exact_kappa_high)}`,
    `same verdict with order swapped ${formatRate(row.position_agreement, 0)}`,
    `with a second seed ${formatRate(row.seed_agreement, 0)}`,
  ];
  if (row.inter_judge_kappa !== null)
    parts.push(`kappa between judges ${formatKappa(row.inter_judge_kappa, row.inter_judge_kappa_low, row.inter_judge_kappa_high)}`);
  return `${row.model} judged by ${row.judge}: ${parts.join(', ')}`;
}

/** The deciding judges' rows for one suite, optionally only some models; sorted by model. */
export function judgeRowsOf(rows: readonly JudgeReliabilityRow[], experiment: string, models?: readonly string[]): JudgeReliabilityRow[] {
  return rows
    .filter((row) => row.experiment === experiment && (models === undefined || models.includes(row.model)))
    .sort((a, b) => (a.model === b.model ? a.role.localeCompare(b.role) : a.model < b.model ? -1 : 1));
}
