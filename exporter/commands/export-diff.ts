import type { ModelRankingRow } from '../../schema/surfaces/model-rankings.ts';
import type { ModelTaskRow } from '../../schema/surfaces/model-task.ts';
import { mulberry32, randomIndex } from '../../lib/prng.ts';
import { DEFAULT_RESAMPLES, DEFAULT_SEED, quantileSorted } from '../../core/paired/bootstrap.ts';
import { mcnemarExact } from '../../core/paired/mcnemar.ts';
import type { Interval } from '../../core/wilson.ts';

/** What `ledgerbench diff` lets through (docs/comparisons.md, "ledgerbench diff"). */
export interface DiffThresholds {
  /** McNemar's exact p below which a net loss of passing tasks is a regression. */
  alpha: number;
  /** Largest tolerated increase, in percent, of mean output tokens, mean wall time and joules per passed task. */
  tokensPct: number;
  latencyPct: number;
  energyPct: number;
}

export const DEFAULT_THRESHOLDS: DiffThresholds = { alpha: 0.05, tokensPct: 10, latencyPct: 10, energyPct: 10 };

export type GuardedMetric = 'output_tokens' | 'wall_ms' | 'joules_per_pass';

type TaskRow = Pick<
  ModelTaskRow,
  | 'model'
  | 'experiment'
  | 'arm'
  | 'power_level'
  | 'task_id'
  | 'answered_runs'
  | 'passed'
  | 'run_pass_rate'
  | 'mean_output_tokens'
  | 'mean_wall_ms'
  | 'mean_joules_per_run'
>;
type RankingRow = Pick<ModelRankingRow, 'model' | 'experiment' | 'arm' | 'power_level' | 'answered_runs' | 'passed'>;

/** One export as the diff reads it: model_rankings rows (the row list) and model_task rows (the tasks). */
export interface ExportTables {
  rankings: readonly RankingRow[];
  tasks: readonly TaskRow[];
}

/** Tasks passed by majority of repeats, on the tasks present in both exports. */
export interface PassGuard {
  tasks: number;
  oldPassed: number;
  newPassed: number;
  /** Tasks passed before and failed now (McNemar's b), and the reverse (c). */
  lost: number;
  gained: number;
  p: number;
  regressed: boolean;
  improved: boolean;
}

export interface MetricGuard {
  metric: GuardedMetric;
  /** Paired tasks with the metric measured in both exports. */
  tasks: number;
  /** new ÷ old; null when it cannot be computed (no paired task, nothing passed, nothing measured). */
  ratio: number | null;
  /** Percentile-bootstrap 95% interval of the ratio, resampling paired tasks. */
  ci: Interval | null;
  limitPct: number;
  regressed: boolean;
}

export interface RowDiff {
  /** model spec · suite · arm · power level. */
  key: string;
  experiment: string;
  status: 'compared' | 'vanished' | 'added';
  old: { passed: number; runs: number } | null;
  new: { passed: number; runs: number } | null;
  /** Tasks the old export had in this row and the new one lacks. */
  vanishedTasks: string[];
  passes: PassGuard | null;
  metrics: MetricGuard[];
  regressed: boolean;
}

export interface ExportDiff {
  rows: RowDiff[];
  /** Suites present in the old export and absent from the new one. */
  vanishedSuites: string[];
  /** Any regression, or (unless allowed) anything that vanished: exit 1. */
  failed: boolean;
}

export const rankingKey = (row: Pick<RankingRow, 'model' | 'experiment' | 'arm' | 'power_level'>) =>
  `${row.model} ${row.experiment}/${row.arm} @${row.power_level}`;

/** Fewer paired tasks than this and a metric is reported but never flagged: no interval means anything. */
export const MIN_PAIRED_TASKS = 5;

/**
 * Compares two exports row by row (pure). A row is model × suite × arm × power level; within it,
 * tasks pair across exports (a task is the unit: its repeats are not independent trials). Pass
 * rate: each task passes when a strict majority of its repeats passed; McNemar's exact test on the
 * tasks present in both, regression when more tasks were lost than gained with p < alpha. Output
 * tokens, wall time and joules per passed task: the ratio new ÷ old of the paired tasks' totals,
 * with a seeded percentile bootstrap over tasks; regression when the ratio exceeds 1 + limit and the
 * interval lies wholly above 1 (the increase is both material and beyond noise).
 */
export function diffExports(before: ExportTables, after: ExportTables, thresholds: DiffThresholds = DEFAULT_THRESHOLDS, allowVanished = false): ExportDiff {
  const oldRows = new Map(before.rankings.map((row) => [rankingKey(row), row]));
  const newRows = new Map(after.rankings.map((row) => [rankingKey(row), row]));
  const oldTasks = groupTasks(before.tasks);
  const newTasks = groupTasks(after.tasks);
  const keys = [...new Set([...oldRows.keys(), ...newRows.keys()])].sort();
  const rows = keys.map((key): RowDiff => {
    const o = oldRows.get(key);
    const n = newRows.get(key);
    const counts = (row: RankingRow | undefined) => (row === undefined ? null : { passed: row.passed, runs: row.answered_runs });
    const experiment = (o ?? n)!.experiment;
    const base = { key, experiment, old: counts(o), new: counts(n), passes: null, metrics: [] };
    if (o === undefined) return { ...base, status: 'added', vanishedTasks: [], regressed: false };
    if (n === undefined) return { ...base, status: 'vanished', vanishedTasks: [], regressed: false };
    const oldByTask = oldTasks.get(key) ?? new Map<string, TaskRow>();
    const newByTask = newTasks.get(key) ?? new Map<string, TaskRow>();
    const vanishedTasks = [...oldByTask.keys()].filter((task) => !newByTask.has(task)).sort();
    // A task the server never answered on one side says nothing about the model: it is not paired.
    const pairs = [...oldByTask.keys()]
      .filter((task) => newByTask.has(task) && oldByTask.get(task)!.answered_runs > 0 && newByTask.get(task)!.answered_runs > 0)
      .sort()
      .map((task) => [oldByTask.get(task)!, newByTask.get(task)!] as const);
    const passes = passGuard(pairs, thresholds.alpha);
    const metrics = [
      metricGuard('output_tokens', pairs, (t) => t.mean_output_tokens, null, thresholds.tokensPct),
      metricGuard('wall_ms', pairs, (t) => t.mean_wall_ms, null, thresholds.latencyPct),
      metricGuard(
        'joules_per_pass',
        pairs,
        (t) => t.mean_joules_per_run,
        (t) => t.run_pass_rate ?? 0,
        thresholds.energyPct,
      ),
    ];
    const regressed = passes.regressed || metrics.some((m) => m.regressed);
    return { ...base, status: 'compared', vanishedTasks, passes, metrics, regressed };
  });
  const suites = (tables: ExportTables) => new Set(tables.rankings.map((row) => row.experiment));
  const newSuites = suites(after);
  const vanishedSuites = [...suites(before)].filter((suite) => !newSuites.has(suite)).sort();
  const vanished = rows.some((row) => row.status === 'vanished' || row.vanishedTasks.length > 0);
  return { rows, vanishedSuites, failed: rows.some((row) => row.regressed) || (vanished && !allowVanished) };
}

function groupTasks(rows: readonly TaskRow[]): Map<string, Map<string, TaskRow>> {
  const groups = new Map<string, Map<string, TaskRow>>();
  for (const row of rows) {
    const key = rankingKey(row);
    const tasks = groups.get(key) ?? new Map<string, TaskRow>();
    groups.set(key, tasks);
    tasks.set(row.task_id, row);
  }
  return groups;
}

type Pair = readonly [TaskRow, TaskRow];

// A strict majority: with an even number of repeats, a tie is not a pass.
const majorityPassed = (task: TaskRow) => task.passed * 2 > task.answered_runs;

function passGuard(pairs: readonly Pair[], alpha: number): PassGuard {
  let lost = 0;
  let gained = 0;
  let oldPassed = 0;
  let newPassed = 0;
  for (const [o, n] of pairs) {
    const before = majorityPassed(o);
    const after = majorityPassed(n);
    if (before) oldPassed++;
    if (after) newPassed++;
    if (before && !after) lost++;
    if (!before && after) gained++;
  }
  const p = mcnemarExact(lost, gained);
  return { tasks: pairs.length, oldPassed, newPassed, lost, gained, p, regressed: lost > gained && p < alpha, improved: gained > lost && p < alpha };
}

/**
 * new ÷ old of Σ value over the paired tasks measured in both; with `per`, of (Σ value ÷ Σ per):
 * joules per passed task is mean joules per run over mean pass rate, the energy a solved task costs.
 */
function metricGuard(
  metric: GuardedMetric,
  pairs: readonly Pair[],
  value: (task: TaskRow) => number | null,
  per: ((task: TaskRow) => number) | null,
  limitPct: number,
): MetricGuard {
  const measured = pairs.filter(([o, n]) => value(o) !== null && value(n) !== null);
  const ov = measured.map(([o]) => value(o)!);
  const nv = measured.map(([, n]) => value(n)!);
  const op = measured.map(([o]) => (per === null ? 1 : per(o)));
  const np = measured.map(([, n]) => (per === null ? 1 : per(n)));
  const ratioOf = (indices: ArrayLike<number>) => {
    let o = 0;
    let n = 0;
    let oPer = 0;
    let nPer = 0;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      o += ov[i]!;
      n += nv[i]!;
      oPer += op[i]!;
      nPer += np[i]!;
    }
    return n / nPer / (o / oPer);
  };
  const all = Array.from({ length: measured.length }, (_, i) => i);
  const point = measured.length === 0 ? Number.NaN : ratioOf(all);
  if (!Number.isFinite(point)) return { metric, tasks: measured.length, ratio: null, ci: null, limitPct, regressed: false };
  const ci = bootstrapRatio(measured.length, ratioOf);
  const regressed = measured.length >= MIN_PAIRED_TASKS && point > 1 + limitPct / 100 && ci !== null && ci.low > 1;
  return { metric, tasks: measured.length, ratio: point, ci, limitPct, regressed };
}

/** Percentile bootstrap (seeded, deterministic) of a statistic over resampled task indices; NaN resamples are dropped. */
function bootstrapRatio(n: number, statistic: (indices: ArrayLike<number>) => number): Interval | null {
  const random = mulberry32(DEFAULT_SEED);
  const values: number[] = [];
  const indices = new Uint32Array(n);
  for (let r = 0; r < DEFAULT_RESAMPLES; r++) {
    for (let i = 0; i < n; i++) indices[i] = randomIndex(random, n);
    const value = statistic(indices);
    if (!Number.isNaN(value)) values.push(value);
  }
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return { low: quantileSorted(values, 0.025), high: quantileSorted(values, 0.975) };
}

const METRIC_NAMES: Record<GuardedMetric, string> = {
  output_tokens: 'output tokens',
  wall_ms: 'wall time',
  joules_per_pass: 'joules per passed task',
};

const pct = (ratio: number) => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`;
const rate = (c: { passed: number; runs: number }) => `${c.passed}/${c.runs} answered runs passed`;

/** The console lines for one row: what vanished, what regressed, what improved (nothing for a quiet row). */
export function describeRow(row: RowDiff): string[] {
  if (row.status === 'vanished') return [`VANISHED  ${row.key}: the row is missing from the new export (was ${rate(row.old!)})`];
  if (row.status === 'added') return [`added  ${row.key}: ${rate(row.new!)}`];
  const lines: string[] = [];
  if (row.vanishedTasks.length > 0) {
    const shown = row.vanishedTasks.slice(0, 5).join(', ') + (row.vanishedTasks.length > 5 ? ', …' : '');
    lines.push(`VANISHED  ${row.key}: ${row.vanishedTasks.length} tasks missing from the new export (${shown})`);
  }
  const passes = row.passes!;
  if (passes.regressed || passes.improved) {
    const label = passes.regressed ? 'REGRESSED' : 'improved';
    lines.push(
      `${label}  ${row.key}: tasks passed (majority of repeats) ${passes.oldPassed}/${passes.tasks} → ${passes.newPassed}/${passes.tasks} ` +
        `(${passes.lost} lost, ${passes.gained} gained; McNemar exact p = ${passes.p.toPrecision(2)})`,
    );
  }
  for (const metric of row.metrics) {
    if (!metric.regressed) continue;
    lines.push(
      `REGRESSED  ${row.key}: ${METRIC_NAMES[metric.metric]} ${pct(metric.ratio!)} (95% CI ${pct(metric.ci!.low)} to ${pct(metric.ci!.high)}) ` +
        `over ${metric.tasks} paired tasks; limit +${metric.limitPct}%`,
    );
  }
  return lines;
}
