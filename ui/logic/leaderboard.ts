/**
 * The leaderboard's data: which suite, arm and power level it shows (the URL's, or named
 * defaults), and one pooled, ranked row per model. Every number is the catalogue's over the
 * pooled sums of model_rankings rows (ui/logic/pool.ts), so it equals the exporter's.
 */
import { DEFAULT_POWER_LEVEL } from '../../core/power-level.ts';
import type { ModelRankingRow } from '../../schema/surfaces/model-rankings.ts';
import { comparePowerAware } from './filters.ts';
import { poolBy, type PooledMetrics } from './pool.ts';
import { sharedRanks, type PairedP, type RankedRow } from './ranks.ts';
import { compareCodeUnits } from './sort.ts';

/** The arm a leaderboard shows when the URL names none and the suite has it: the prompt without a contract. */
export const DEFAULT_ARM = 'plain';

/** What the leaderboard shows, and which parts were defaults (the page names them as such). */
export interface LeaderboardChoice {
  experiment: string;
  arm: string;
  power: string;
  armDefaulted: boolean;
  powerDefaulted: boolean;
}

export type LeaderboardRow = { model: string; rate: number | null; low: number; high: number } & PooledMetrics;

type KeyRow = Pick<ModelRankingRow, 'experiment' | 'arm' | 'power_level' | 'applied_w'>;

const distinct = (values: Iterable<string>) => [...new Set(values)].sort(compareCodeUnits);

/** Every suite in the rows, alphabetically. */
export function suitesOf(rows: readonly KeyRow[]): string[] {
  return distinct(rows.map((row) => row.experiment));
}

/** The arms a suite ran, alphabetically. */
export function armsOf(rows: readonly KeyRow[], experiment: string): string[] {
  return distinct(rows.filter((row) => row.experiment === experiment).map((row) => row.arm));
}

/**
 * The power levels of a suite and arm, highest first: no limit (`default`) first, then by the
 * highest limit actually applied, then by the level's own number (runs without a GPU have none).
 */
export function powersOf(rows: readonly KeyRow[], experiment: string, arm: string): string[] {
  const applied = new Map<string, number>();
  for (const row of rows) {
    if (row.experiment !== experiment || row.arm !== arm) continue;
    const watts = row.applied_w ?? Number.NEGATIVE_INFINITY;
    applied.set(row.power_level, Math.max(applied.get(row.power_level) ?? Number.NEGATIVE_INFINITY, watts));
  }
  return [...applied.keys()].sort((a, b) => {
    if (a === DEFAULT_POWER_LEVEL || b === DEFAULT_POWER_LEVEL) return a === DEFAULT_POWER_LEVEL ? -1 : 1;
    const wa = applied.get(a)!;
    const wb = applied.get(b)!;
    if (wa !== wb) return wb - wa;
    return comparePowerAware(b, a);
  });
}

/**
 * The suite, arm and power level to show: the URL's where the data have them, else the first
 * suite, the `plain` arm (or the first), and the highest power level measured. Null without rows.
 */
export function chooseLeaderboard(rows: readonly KeyRow[], wanted: { experiment?: string; arm?: string; power?: string }): LeaderboardChoice | null {
  const suites = suitesOf(rows);
  if (suites.length === 0) return null;
  const experiment = wanted.experiment !== undefined && suites.includes(wanted.experiment) ? wanted.experiment : suites[0]!;
  const arms = armsOf(rows, experiment);
  const armDefaulted = wanted.arm === undefined || !arms.includes(wanted.arm);
  const fallbackArm = arms.includes(DEFAULT_ARM) ? DEFAULT_ARM : arms[0]!;
  const arm = armDefaulted ? fallbackArm : wanted.arm!;
  const powers = powersOf(rows, experiment, arm);
  const powerDefaulted = wanted.power === undefined || !powers.includes(wanted.power);
  const power = powerDefaulted ? powers[0]! : wanted.power!;
  return { experiment, arm, power, armDefaulted, powerDefaulted };
}

/** One row per model at the choice (its GPUs and applied limits pooled), ranked with shared ranks. */
export function leaderboardRows(
  rows: readonly ModelRankingRow[],
  choice: Pick<LeaderboardChoice, 'experiment' | 'arm' | 'power'>,
  paired: PairedP,
): RankedRow<LeaderboardRow>[] {
  const chosen = rows.filter((row) => row.experiment === choice.experiment && row.arm === choice.arm && row.power_level === choice.power);
  const pooled: LeaderboardRow[] = poolBy(chosen, ['model'] as const).map((row) => ({
    ...row,
    rate: row.run_pass_rate,
    low: row.run_pass_rate_ci_low,
    high: row.run_pass_rate_ci_high,
  }));
  return sharedRanks(pooled, paired);
}
