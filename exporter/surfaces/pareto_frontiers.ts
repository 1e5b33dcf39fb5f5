import type { ParetoPoint } from '../../schema/surfaces/index.ts';
import { loadSql } from '../duckdb.ts';
import { paretoPoints, type ParetoGroup } from '../../core/pareto.ts';
import { shapeModelRankings } from './model_rankings.ts';
import { byFields } from './order.ts';
import { envelope, type SurfaceContext } from './context.ts';

/** model_rankings groups → points on both planes with frontier membership, in file order. Pure. */
export function shapeParetoFrontiers(groups: readonly ParetoGroup[]): ParetoPoint[] {
  return paretoPoints(groups).sort(byFields('plane', 'experiment', 'arm', 'power_level', 'x', '-run_pass_rate', 'model', 'backend'));
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
