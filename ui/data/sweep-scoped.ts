import type { ModelRankingRow } from '../../schema/surfaces/model-rankings.ts';
import type { ParetoPoint } from '../../schema/surfaces/pareto-frontiers.ts';
import { pooledParetoPoints, pooledRankings, pooledTaskRankings, rowsOfSweeps } from '../logic/sweep-pool.ts';
import type { TaskRankingRow } from '../../schema/surfaces/task-rankings.ts';
import { loadSurface } from './load.ts';

/**
 * A surface's rows for the sweeps in view. Every sweep: the exported file itself, byte for byte
 * the numbers of the export. A subset: pooled from sweep_sums.json (ui/logic/sweep-pool.ts).
 */
export async function rankingsInView(sweeps: readonly string[] | undefined): Promise<ModelRankingRow[]> {
  if (sweeps === undefined) return (await loadSurface('model_rankings.json')).rows;
  return pooledRankings(rowsOfSweeps((await loadSurface('sweep_sums.json')).rows, sweeps));
}

export async function paretoInView(sweeps: readonly string[] | undefined): Promise<ParetoPoint[]> {
  if (sweeps === undefined) return (await loadSurface('pareto_frontiers.json')).rows;
  return pooledParetoPoints(rowsOfSweeps((await loadSurface('sweep_sums.json')).rows, sweeps));
}

export async function taskRankingsInView(sweeps: readonly string[] | undefined): Promise<TaskRankingRow[]> {
  if (sweeps === undefined) return (await loadSurface('task_rankings.json')).rows;
  return pooledTaskRankings(rowsOfSweeps((await loadSurface('sweep_sums.json')).rows, sweeps));
}
