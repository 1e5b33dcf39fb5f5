/**
 * Rows for a sweep subset, pooled from sweep_sums.json (one row per sweep × model × suite × arm ×
 * power level × applied limit × task) by adding sums (ui/logic/pool.ts) and computing every
 * metric, rank and frontier with the functions the exporter uses (core/metrics, core/rank.ts,
 * core/pareto.ts). For every sweep these give the numbers of model_rankings.json and
 * pareto_frontiers.json; the views still read those files then, so the all-sweeps page is the
 * export itself. What cannot be pooled from sums is null here: the wall-time quantiles.
 */
import { paretoPoints } from '../../core/pareto.ts';
import { rankModels, rankTasks } from '../../core/rank.ts';
import type { ModelRankingRow } from '../../schema/surfaces/model-rankings.ts';
import type { ModelTaskRow } from '../../schema/surfaces/model-task.ts';
import type { ParetoPoint } from '../../schema/surfaces/pareto-frontiers.ts';
import type { TaskRankingRow } from '../../schema/surfaces/task-rankings.ts';
import type { SweepSumsRow } from '../../schema/surfaces/sweeps.ts';
import { poolBy } from './pool.ts';
import { compareCodeUnits } from './sort.ts';

const MODEL_KEYS = ['model', 'backend', 'model_family', 'experiment', 'arm', 'power_level'] as const;

/** The rows of the sweeps in view; every row when no subset is selected. */
export function rowsOfSweeps<Row extends { sweep_id: string }>(rows: readonly Row[], sweeps: readonly string[] | undefined): Row[] {
  return sweeps === undefined ? [...rows] : rows.filter((row) => sweeps.includes(row.sweep_id));
}

const groupId = (row: Pick<SweepSumsRow, (typeof MODEL_KEYS)[number]>) => JSON.stringify(MODEL_KEYS.map((key) => row[key]));

/**
 * What a pooled group says of its limit and GPUs: the applied limit when its runs agree on one
 * (the export gives the median; a subset that mixes limits gets none rather than a guess), and
 * the GPU names seen, joined as model_rankings joins them.
 */
function groupHardware(rows: readonly SweepSumsRow[], groupId: (row: SweepSumsRow) => string): Map<string, { applied_w: number | null; gpu: string | null }> {
  const seen = new Map<string, { watts: Set<number | null>; gpus: Set<string> }>();
  for (const row of rows) {
    const id = groupId(row);
    const entry = seen.get(id) ?? { watts: new Set(), gpus: new Set() };
    entry.watts.add(row.applied_w);
    for (const gpu of row.gpu?.split(' + ') ?? []) entry.gpus.add(gpu);
    seen.set(id, entry);
  }
  const out = new Map<string, { applied_w: number | null; gpu: string | null }>();
  for (const [id, { watts, gpus }] of seen) {
    out.set(id, { applied_w: watts.size === 1 ? [...watts][0]! : null, gpu: gpus.size === 0 ? null : [...gpus].sort(compareCodeUnits).join(' + ') });
  }
  return out;
}

/** model_rankings rows for the given sweep_sums rows: one per model × suite × arm × power level, ranked by core/rank.ts. */
export function pooledRankings(rows: readonly SweepSumsRow[]): ModelRankingRow[] {
  const hardware = groupHardware(rows, groupId);
  const pooled = poolBy(rows, MODEL_KEYS).map((row) => ({
    ...row,
    ...hardware.get(groupId(row))!,
    p50_wall_ms: null,
    p95_wall_ms: null,
  }));
  const ranks = rankModels(pooled);
  return pooled.map((row) => ({ ...row, rank: ranks.get(row)! }));
}

/** pareto_frontiers points for the given sweep_sums rows, flagged by core/pareto.ts. */
export function pooledParetoPoints(rows: readonly SweepSumsRow[]): ParetoPoint[] {
  return paretoPoints(pooledRankings(rows));
}

const TASK_KEYS = ['experiment', 'arm', 'task_id', 'task_family'] as const;

/**
 * task_rankings rows for the given sweep_sums rows: one per task within suite and arm, pooled
 * over models, with the spread of per-model run pass rates (each over its answered runs), ranked
 * hardest first by core/rank.ts.
 */
export function pooledTaskRankings(rows: readonly SweepSumsRow[]): TaskRankingRow[] {
  const perModel = new Map<string, (number | null)[]>();
  for (const group of poolBy(rows, [...TASK_KEYS, 'model', 'backend'])) {
    const id = JSON.stringify(TASK_KEYS.map((key) => group[key]));
    perModel.set(id, [...(perModel.get(id) ?? []), group.run_pass_rate]);
  }
  const pooled = poolBy(rows, TASK_KEYS).map((row) => {
    const rates = perModel.get(JSON.stringify(TASK_KEYS.map((key) => row[key])))!;
    const answered = rates.filter((rate): rate is number => rate !== null);
    const min = answered.length === 0 ? null : Math.min(...answered);
    const max = answered.length === 0 ? null : Math.max(...answered);
    return {
      ...row,
      models: rates.length,
      model_run_pass_rate_min: min,
      model_run_pass_rate_max: max,
      model_run_pass_rate_spread: min === null || max === null ? null : max - min,
      p50_wall_ms: null,
      p95_wall_ms: null,
    };
  });
  const ranks = rankTasks(pooled);
  return pooled.map((row) => ({ ...row, difficulty_rank: ranks.get(row)! }));
}

/** model_task rows (model × task within suite, arm and power level) for the given sweep_sums rows. */
export function pooledModelTask(rows: readonly SweepSumsRow[]): ModelTaskRow[] {
  const taskId = (row: Pick<SweepSumsRow, (typeof MODEL_KEYS)[number] | 'task_id' | 'task_family'>) =>
    `${groupId(row)}\u0000${row.task_id}\u0000${row.task_family}`;
  const hardware = groupHardware(rows, taskId);
  return poolBy(rows, [...MODEL_KEYS, 'task_id', 'task_family']).map((row) => ({
    ...row,
    ...hardware.get(taskId(row))!,
    p50_wall_ms: null,
    p95_wall_ms: null,
  }));
}
