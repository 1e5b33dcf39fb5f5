import type { ModelRankingRow } from '../../schema/surfaces/model-rankings.ts';
import { independentDifferenceCi } from '../stats/two-proportion.ts';
import type { Interval } from '../../core/wilson.ts';

export type Movement = 'regressed' | 'improved' | 'changed' | 'unchanged' | 'added' | 'removed';

/** One model × suite × arm × power level across two exports. */
export interface RankingMove {
  key: string;
  movement: Movement;
  old: { passed: number; runs: number } | null;
  new: { passed: number; runs: number } | null;
  /** new − old pass rate and Newcombe's independent-samples interval; null for added/removed rows. */
  delta: number | null;
  deltaCi: Interval | null;
}

type RankingCounts = Pick<ModelRankingRow, 'model' | 'backend' | 'experiment' | 'arm' | 'power_level' | 'passed' | 'runs'>;

/** model spec · suite · arm · power level: the identity of a ranking row across exports. */
export const rankingKey = (row: RankingCounts) => `${row.model} ${row.experiment}/${row.arm} @${row.power_level}`;

/**
 * Compares two exports' model_rankings rows (pure). The two exports' runs are not paired (they may
 * be different runs of the same plan), so each row's pass rates are compared as independent
 * proportions: a significant regression is Newcombe's hybrid score 95% interval for new − old lying
 * wholly below 0 (method 10 of Newcombe 1998, Stat Med 17:873–890); wholly above is an improvement;
 * a different pass rate inside the interval is `changed`. No multiplicity correction: as a CI
 * guard it errs toward flagging, and a flagged row is one line to check by eye.
 */
export function diffRankings(oldRows: readonly RankingCounts[], newRows: readonly RankingCounts[]): RankingMove[] {
  const before = new Map(oldRows.map((row) => [rankingKey(row), row]));
  const after = new Map(newRows.map((row) => [rankingKey(row), row]));
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  return keys.map((key) => {
    const o = before.get(key);
    const n = after.get(key);
    const counts = (row: RankingCounts | undefined) => (row === undefined ? null : { passed: row.passed, runs: row.runs });
    if (o === undefined || n === undefined) {
      return { key, movement: o === undefined ? 'added' : 'removed', old: counts(o), new: counts(n), delta: null, deltaCi: null };
    }
    const oldRate = o.runs === 0 ? 0 : o.passed / o.runs;
    const newRate = n.runs === 0 ? 0 : n.passed / n.runs;
    const ci = independentDifferenceCi(n.passed, n.runs, o.passed, o.runs);
    let movement: Movement = 'unchanged';
    if (ci.high < 0) movement = 'regressed';
    else if (ci.low > 0) movement = 'improved';
    else if (o.passed !== n.passed || o.runs !== n.runs) movement = 'changed';
    return { key, movement, old: counts(o), new: counts(n), delta: newRate - oldRate, deltaCi: ci };
  });
}

const rate = (c: { passed: number; runs: number }) => `${c.runs === 0 ? '-' : `${((c.passed / c.runs) * 100).toFixed(1)}%`} (${c.passed}/${c.runs})`;
const pts = (p: number) => `${p > 0 ? '+' : ''}${(p * 100).toFixed(1)}`;

/** One line for a row that moved. */
export function describeMove(move: RankingMove): string {
  const label = move.movement === 'regressed' ? 'REGRESSED' : move.movement;
  if (move.old === null) return `${label}  ${move.key}: ${rate(move.new!)}`;
  if (move.new === null) return `${label}  ${move.key}: was ${rate(move.old)}`;
  return `${label}  ${move.key}: ${rate(move.old)} → ${rate(move.new)}, Δ ${pts(move.delta!)} points (95% CI ${pts(move.deltaCi!.low)} to ${pts(move.deltaCi!.high)})`;
}
