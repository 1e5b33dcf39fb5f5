/**
 * The Pareto frontier rule, written once: the exporter marks `pareto_frontiers.json` with it and
 * the site calls it again only over the points it shows after a filter (a sweep subset, an arm),
 * so a frontier on the page is never drawn by a second, different rule.
 */

import type { ParetoPoint } from '../schema/surfaces/pareto-frontiers.ts';
import type { ModelRankingRow } from '../schema/surfaces/model-rankings.ts';

/** A point to test for Pareto dominance: higher `y` is better, lower `x` is better. */
export interface PlanePoint {
  x: number;
  y: number;
}

/** q dominates p: at least as good on both axes and strictly better on one. */
export function dominates(q: PlanePoint, p: PlanePoint): boolean {
  return q.y >= p.y && q.x <= p.x && (q.y > p.y || q.x < p.x);
}

/**
 * Marks the points no other point dominates. Equal points do not dominate each other, so both
 * stay on the frontier. O(n²): n is the configurations of one suite (models × arms × power
 * levels), a few hundred at most.
 */
export function frontierFlags(points: readonly PlanePoint[]): boolean[] {
  return points.map((p) => !points.some((q) => dominates(q, p)));
}

/**
 * The frontier as a line to draw: its points from cheapest to dearest (ties on cost by the better
 * y first), so a step line through them never runs backwards.
 */
export function frontierPath<Point extends PlanePoint>(points: readonly Point[]): Point[] {
  const flags = frontierFlags(points);
  return points.filter((_, index) => flags[index]).sort((a, b) => a.x - b.x || b.y - a.y);
}

/** What a point is made from: a model_rankings group's keys, rate and the sums of both axes. */
export type ParetoGroup = Pick<
  ModelRankingRow,
  | 'model'
  | 'backend'
  | 'experiment'
  | 'arm'
  | 'power_level'
  | 'applied_w'
  | 'run_pass_rate'
  | 'run_pass_rate_ci_low'
  | 'run_pass_rate_ci_high'
  | 'mean_joules_per_run'
  | 'mean_output_tokens'
  | 'runs'
  | 'not_answered'
  | 'passed'
  | 'energy_valid_runs'
  | 'energy_uj_sum'
  | 'output_tokens_runs'
  | 'output_tokens_sum'
  | 'simulated'
>;

const PLANES = [
  // Valid energy only: a model without any valid reading has no energy point at all.
  { plane: 'energy', x_unit: 'J/run', x: (row: ParetoGroup) => row.mean_joules_per_run },
  { plane: 'output_tokens', x_unit: 'tokens/run', x: (row: ParetoGroup) => row.mean_output_tokens },
] as const;

/** Sets `flag` on the points of one group that no other point of the group dominates. */
function markFrontier(members: ParetoPoint[], flag: 'on_frontier' | 'on_suite_frontier'): void {
  const flags = frontierFlags(members.map((p) => ({ x: p.x, y: p.run_pass_rate })));
  for (const [index, point] of members.entries()) point[flag] = flags[index]!;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const members = groups.get(key(item));
    if (members === undefined) groups.set(key(item), [item]);
    else members.push(item);
  }
  return [...groups.values()];
}

/**
 * model_rankings groups (or the site's pools of them for a sweep subset) → one point per group on
 * each plane, flagged `on_frontier` within its arm and power level and `on_suite_frontier` over
 * every configuration of its suite. A group without the plane's x, or without an answered run, has
 * no point there. Unordered: the exporter sorts for its file.
 */
export function paretoPoints(groups: readonly ParetoGroup[]): ParetoPoint[] {
  const points: ParetoPoint[] = [];
  for (const { plane, x_unit, x } of PLANES) {
    const planePoints: ParetoPoint[] = [];
    for (const row of groups) {
      const value = x(row);
      // No answered run: no y to place (the outage shows on the rankings as not answered).
      if (value === null || row.run_pass_rate === null) continue;
      planePoints.push({
        plane,
        experiment: row.experiment,
        arm: row.arm,
        power_level: row.power_level,
        applied_w: row.applied_w,
        model: row.model,
        backend: row.backend,
        x: value,
        x_unit,
        run_pass_rate: row.run_pass_rate,
        run_pass_rate_ci_low: row.run_pass_rate_ci_low,
        run_pass_rate_ci_high: row.run_pass_rate_ci_high,
        runs: row.runs,
        not_answered: row.not_answered,
        passed: row.passed,
        energy_valid_runs: row.energy_valid_runs,
        energy_uj_sum: row.energy_uj_sum,
        output_tokens_runs: row.output_tokens_runs,
        output_tokens_sum: row.output_tokens_sum,
        on_frontier: false,
        on_suite_frontier: false,
        simulated: row.simulated,
      });
    }
    for (const members of groupBy(planePoints, (p) => `${p.experiment}\u0000${p.arm}\u0000${p.power_level}`)) markFrontier(members, 'on_frontier');
    for (const members of groupBy(planePoints, (point) => point.experiment)) markFrontier(members, 'on_suite_frontier');
    points.push(...planePoints);
  }
  return points;
}
