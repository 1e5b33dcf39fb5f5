import type { DualScoringRow } from '../../schema/surfaces/dual-scoring.ts';
import type { FailureSurfaceRow } from '../../schema/surfaces/failure-surfaces.ts';
import type { ModelRankingRow } from '../../schema/surfaces/model-rankings.ts';
import type { PassAtKRow } from '../../schema/surfaces/pass-at-k.ts';
import type { ParetoPoint } from '../../schema/surfaces/pareto-frontiers.ts';
import { pooledModelTask, pooledParetoPoints, pooledRankings, pooledTaskRankings, rowsOfSweeps } from '../logic/sweep-pool.ts';
import type { ModelTaskRow } from '../../schema/surfaces/model-task.ts';
import type { ModelTaskTdpRow } from '../../schema/surfaces/model-task-tdp.ts';
import type { SweepSumsRow } from '../../schema/surfaces/sweeps.ts';
import type { TaskRankingRow } from '../../schema/surfaces/task-rankings.ts';
import { comparisonsForSweeps, dualScoringForSweeps } from '../logic/sweep-paired.ts';
import type { ComparisonSpec } from '../../core/paired/paired-stats.ts';
import type { ComparisonRow, Recommendation } from '../../schema/surfaces/comparisons.ts';
import { pooledFailures } from '../logic/sweep-failures.ts';
import { pooledPassAtK } from '../logic/sweep-pass-at-k.ts';
import { loadPairsFile, loadSurface } from './load.ts';

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

/** The model page's three pooled surfaces for the sweeps in view; tdp rows are sweep_sums rows for a subset (they pool per model × watts alike). */
export async function modelSurfacesInView(sweeps: readonly string[] | undefined): Promise<{
  rankings: ModelRankingRow[];
  modelTask: ModelTaskRow[];
  tdp: readonly (ModelTaskTdpRow | SweepSumsRow)[];
}> {
  if (sweeps === undefined) {
    const [rankings, modelTask, tdp] = await Promise.all([
      loadSurface('model_rankings.json'),
      loadSurface('model_task.json'),
      loadSurface('model_task_tdp.json'),
    ]);
    return { rankings: rankings.rows, modelTask: modelTask.rows, tdp: tdp.rows };
  }
  const sums = rowsOfSweeps((await loadSurface('sweep_sums.json')).rows, sweeps);
  return { rankings: pooledRankings(sums), modelTask: pooledModelTask(sums), tdp: sums };
}

/** failure_surfaces rows for the sweeps in view: the file itself for every sweep, else pooled per sweep (ui/logic/sweep-failures.ts). */
export async function failuresInView(sweeps: readonly string[] | undefined): Promise<FailureSurfaceRow[]> {
  if (sweeps === undefined) return (await loadSurface('failure_surfaces.json')).rows;
  const [failures, sums] = await Promise.all([loadSurface('sweep_failures.json'), loadSurface('sweep_sums.json')]);
  return pooledFailures(rowsOfSweeps(failures.rows, sweeps), rowsOfSweeps(sums.rows, sweeps));
}

/**
 * dual_scoring rows for the sweeps in view: the file itself for every sweep; for a subset, every
 * number, the paired deltas included, recomputed from the pairs files (ui/logic/sweep-paired.ts)
 * for the model × suite groups sweep_dual_scoring.json lists in those sweeps.
 */
export async function dualScoringInView(sweeps: readonly string[] | undefined): Promise<DualScoringRow[]> {
  if (sweeps === undefined) return (await loadSurface('dual_scoring.json')).rows;
  const [perSweep, pairs] = await Promise.all([loadSurface('sweep_dual_scoring.json'), loadSurface('comparison_pairs.json')]);
  const groups = new Map(rowsOfSweeps(perSweep.rows, sweeps).map((row) => [JSON.stringify([row.model, row.experiment]), row]));
  const ordered = [...groups.values()].map(({ model, experiment }) => ({ model, experiment }));
  return dualScoringForSweeps(pairs, sweeps, ordered, loadPairsFile);
}

/**
 * comparisons.json's rows and recommendations for the sweeps in view: the file itself for every
 * sweep, else recomputed from the pairs files for the comparisons `keep` selects (ui/logic/sweep-paired.ts).
 */
export async function comparisonsInView(
  sweeps: readonly string[] | undefined,
  keep?: (spec: ComparisonSpec) => boolean,
): Promise<{ rows: ComparisonRow[]; recommendations: Recommendation[] }> {
  if (sweeps === undefined) return loadSurface('comparisons.json');
  return comparisonsForSweeps(await loadSurface('comparison_pairs.json'), sweeps, loadPairsFile, keep);
}

/** pass_at_k rows for the sweeps in view: the file itself for every sweep, else each task's samples pooled (ui/logic/sweep-pass-at-k.ts). */
export async function passAtKInView(sweeps: readonly string[] | undefined): Promise<PassAtKRow[]> {
  if (sweeps === undefined) return (await loadSurface('pass_at_k.json')).rows;
  return pooledPassAtK(rowsOfSweeps((await loadSurface('sweep_pass_at_k.json')).rows, sweeps));
}
