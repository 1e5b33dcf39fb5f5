import type { ParetoPoint } from '../../schema/surfaces/index.ts';
import { loadSql } from '../duckdb.ts';
import { frontierFlags } from '../pareto.ts';
import { shapeModelRankings } from './model_rankings.ts';
import { byFields } from './order.ts';
import { envelope, type SurfaceContext } from './context.ts';

type Ranked = ReturnType<typeof shapeModelRankings>[number];

const PLANES = [
  // Valid energy only: a model without any valid reading has no energy point at all.
  { plane: 'energy', x_unit: 'J/run', x: (row: Ranked) => row.mean_joules_per_run },
  { plane: 'output_tokens', x_unit: 'tokens/run', x: (row: Ranked) => row.mean_output_tokens },
] as const;

/** model_rankings groups → points on both planes with frontier membership. Pure. */
export function shapeParetoFrontiers(groups: readonly Ranked[]): ParetoPoint[] {
  const points: ParetoPoint[] = [];
  for (const { plane, x_unit, x } of PLANES) {
    const byGroup = new Map<string, ParetoPoint[]>();
    for (const row of groups) {
      const value = x(row);
      if (value === null) continue;
      const point: ParetoPoint = {
        plane,
        experiment: row.experiment,
        arm: row.arm,
        power_level: row.power_level,
        applied_w: row.applied_w,
        model: row.model,
        backend: row.backend,
        x: value,
        x_unit,
        pass_rate: row.pass_rate,
        pass_rate_ci_low: row.pass_rate_ci_low,
        pass_rate_ci_high: row.pass_rate_ci_high,
        runs: row.runs,
        on_frontier: false,
        simulated: row.simulated,
      };
      const key = `${row.experiment}\u0000${row.arm}\u0000${row.power_level}`;
      const members = byGroup.get(key);
      if (members === undefined) byGroup.set(key, [point]);
      else members.push(point);
    }
    for (const members of byGroup.values()) {
      const flags = frontierFlags(members.map((p) => ({ x: p.x, y: p.pass_rate })));
      members.forEach((point, index) => (point.on_frontier = flags[index]!));
      points.push(...members);
    }
  }
  return points.sort(byFields('plane', 'experiment', 'arm', 'power_level', 'x', '-pass_rate', 'model', 'backend'));
}

export async function buildParetoFrontiers(context: SurfaceContext) {
  const groups = shapeModelRankings(await context.db.query(loadSql('pareto_frontiers')));
  return envelope('pareto_frontiers', context, shapeParetoFrontiers(groups), {
    x: { unit: 'J/run or tokens/run', description: 'mean joules per run (valid energy only) or mean output tokens per run; see x_unit' },
    pass_rate: { unit: 'fraction', description: 'passed ÷ runs (the y axis; higher is better)' },
    on_frontier: { unit: 'boolean', description: 'no other model in the same plane, experiment, arm and power level is at least as good on both axes and better on one' },
  });
}
