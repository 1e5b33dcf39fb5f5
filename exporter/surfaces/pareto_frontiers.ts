import type { ParetoPoint } from '../../schema/surfaces/index.ts';
import { loadSql } from '../duckdb.ts';
import { frontierFlags } from '../../core/pareto.ts';
import { shapeModelRankings } from './model_rankings.ts';
import { byFields } from './order.ts';
import { envelope, type SurfaceContext } from './context.ts';

type Ranked = ReturnType<typeof shapeModelRankings>[number];

const PLANES = [
  // Valid energy only: a model without any valid reading has no energy point at all.
  { plane: 'energy', x_unit: 'J/run', x: (row: Ranked) => row.mean_joules_per_run },
  { plane: 'output_tokens', x_unit: 'tokens/run', x: (row: Ranked) => row.mean_output_tokens },
] as const;

/** Sets `flag` on the points of one group that no other point of the group dominates (core/pareto.ts). */
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

/** model_rankings groups → points on both planes with frontier membership. Pure. */
export function shapeParetoFrontiers(groups: readonly Ranked[]): ParetoPoint[] {
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
  return points.sort(byFields('plane', 'experiment', 'arm', 'power_level', 'x', '-run_pass_rate', 'model', 'backend'));
}

export async function buildParetoFrontiers(context: SurfaceContext) {
  const groups = shapeModelRankings(await context.db.query(loadSql('pareto_frontiers')));
  return envelope('pareto_frontiers', context, shapeParetoFrontiers(groups), {
    x: { unit: 'J/run or tokens/run', description: 'mean joules per run (valid energy only) or mean output tokens per run; see x_unit' },
    run_pass_rate: { unit: 'fraction', description: 'passed ÷ answered runs (the y axis; higher is better)' },
    energy_uj_sum: { unit: 'µJ', description: 'Σ joules (in µJ) over the energy_valid_runs: x of the energy plane pools from it' },
    output_tokens_sum: { unit: 'tokens', description: 'Σ output tokens over output_tokens_runs: x of the output_tokens plane pools from it' },
    on_frontier: {
      unit: 'boolean',
      description: 'no other model in the same plane, experiment, arm and power level is at least as good on both axes and better on one',
    },
    on_suite_frontier: {
      unit: 'boolean',
      description: 'no other configuration (model × arm × power level) of the same plane and experiment is at least as good on both axes and better on one',
    },
  });
}
