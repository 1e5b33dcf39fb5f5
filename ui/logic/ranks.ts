/**
 * Shared ranks for a leaderboard: models whose results cannot be told apart share a rank, shown
 * as a range (`1–2`). Two models are told apart when
 *   - comparisons.json pairs them (same suite, arm and power level): McNemar's exact paired test
 *     gives p < ALPHA, the more powerful test where both ran the same tasks;
 *   - otherwise: their 95% Wilson intervals of the run pass rate do not overlap.
 * A model's range runs from 1 + (models told apart from it and better) to
 * N − (models told apart from it and worse), so a clear winner reads `1` and a model level with
 * the one above it reads `1–2`. docs/ui.md states the same rule for readers.
 */
import type { ComparisonRow } from '../../schema/surfaces/comparisons.ts';
import { compareCodeUnits } from './sort.ts';

/** The significance level of the paired test, as in the comparisons (docs/statistics.md). */
export const ALPHA = 0.05;

/** One model's result, as the leaderboard ranks it. */
export interface RankInput {
  model: string;
  /** Run pass rate; null when no run was answered (such a model is not ranked). */
  rate: number | null;
  low: number;
  high: number;
}

/** A ranked model: its place range and, for the tooltip, how it was told apart from the others. */
export interface RankedRow<Row extends RankInput> {
  row: Row;
  /** Best and worst place it can hold; equal when the model is told apart from every other. */
  best: number;
  worst: number;
  /** How many neighbours were compared with the paired test rather than the intervals. */
  pairedWith: number;
}

/** McNemar p for two models when paired data exist, else null (order of the two does not matter). */
export type PairedP = (a: string, b: string) => number | null;

export type Separation = 'better' | 'worse' | 'same';

/** Whether `a` is told apart from `b`, and which way; the second field says which test decided. */
export function separate(a: RankInput, b: RankInput, paired: PairedP): { result: Separation; paired: boolean } {
  if (a.rate === null || b.rate === null) return { result: 'same', paired: false };
  const p = paired(a.model, b.model);
  if (p !== null) {
    if (p >= ALPHA || a.rate === b.rate) return { result: 'same', paired: true };
    return { result: a.rate > b.rate ? 'better' : 'worse', paired: true };
  }
  if (a.low > b.high) return { result: 'better', paired: false };
  if (a.high < b.low) return { result: 'worse', paired: false };
  return { result: 'same', paired: false };
}

/** Orders by run pass rate (best first), unanswered last, ties by model name so the order is stable. */
export function byPassRate<Row extends RankInput>(rows: readonly Row[]): Row[] {
  return [...rows].sort((a, b) => {
    if (a.rate !== b.rate) {
      if (a.rate === null) return 1;
      if (b.rate === null) return -1;
      return b.rate - a.rate;
    }
    return compareCodeUnits(a.model, b.model);
  });
}

/** Ranks the rows: sorted by pass rate, each with its shared-rank range. Unanswered rows get no place (best = worst = 0). */
export function sharedRanks<Row extends RankInput>(rows: readonly Row[], paired: PairedP): RankedRow<Row>[] {
  const sorted = byPassRate(rows);
  const ranked = sorted.filter((row) => row.rate !== null);
  return sorted.map((row) => {
    if (row.rate === null) return { row, best: 0, worst: 0, pairedWith: 0 };
    let better = 0;
    let worse = 0;
    let pairedWith = 0;
    for (const other of ranked) {
      if (other === row) continue;
      const { result, paired: usedPairs } = separate(other, row, paired);
      if (usedPairs) pairedWith++;
      if (result === 'better') better++;
      if (result === 'worse') worse++;
    }
    return { row, best: better + 1, worst: ranked.length - worse, pairedWith };
  });
}

/** `1`, or `1–2` for a shared rank; `—` for a model with no answered run. */
export function formatRank(rank: Pick<RankedRow<RankInput>, 'best' | 'worst'>): string {
  if (rank.best === 0) return '—';
  return rank.best === rank.worst ? String(rank.best) : `${rank.best}–${rank.worst}`;
}

/** The models that may be first: every row whose range starts at 1. */
export function leaders<Row extends RankInput>(ranked: readonly RankedRow<Row>[]): RankedRow<Row>[] {
  return ranked.filter((entry) => entry.best === 1);
}

/** The comparisons.json fields the paired lookup reads. */
export type PairedRow = Pick<
  ComparisonRow,
  'kind' | 'original' | 'candidate' | 'experiment' | 'arm' | 'original_power_level' | 'candidate_power_level' | 'mcnemar_p'
>;

/**
 * McNemar p of each model pair compared on one suite, arm and power level (both sides at that
 * level). The unadjusted p: a leaderboard ranks within one suite, so no correction across suites.
 */
export function pairedLookup(rows: readonly PairedRow[], at: { experiment: string; arm: string; power: string }): PairedP {
  const p = new Map<string, number>();
  const key = (a: string, b: string) => JSON.stringify(a < b ? [a, b] : [b, a]);
  for (const row of rows) {
    if (row.kind !== 'model' || row.experiment !== at.experiment || row.arm !== at.arm) continue;
    if (row.original_power_level !== at.power || row.candidate_power_level !== at.power) continue;
    if (!p.has(key(row.original, row.candidate))) p.set(key(row.original, row.candidate), row.mcnemar_p);
  }
  return (a, b) => p.get(key(a, b)) ?? null;
}
