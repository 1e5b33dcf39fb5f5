import type { ViewName } from './views.ts';

/**
 * Which views show only the sweeps in view, and why the others cannot. A view filters when its
 * rows pool from per-sweep rows (sweep_sums, sweep_failures, sweep_dual_scoring and
 * sweep_pass_at_k .json; the dual page's paired deltas stay over all sweeps and it says so
 * beside them) or are run records (each names its sweep). Paired
 * verdicts are statistics over matched runs, not sums, so no subset of them can be added up; a
 * view not listed here says its numbers are over every sweep rather than pretend to filter.
 */
export const SWEEP_FILTERED: ReadonlySet<ViewName> = new Set<ViewName>([
  'leaderboard',
  'models',
  'model',
  'tasks',
  'task',
  'heatmap',
  'pareto',
  'power',
  'failures',
  'dual',
  'passk',
]);

const ALL_SWEEPS_REASONS: Partial<Record<ViewName, string>> = {
  comparisons: 'paired verdicts are computed over all sweeps and cannot be pooled from per-sweep sums',
  verdict: 'paired verdicts are computed over all sweeps and cannot be pooled from per-sweep sums',
  pair: 'the paired comparison is computed over all sweeps; its runs are shown whatever sweep they came from',
  json: 'the raw files hold every sweep',
  run: 'one run, named by its id',
};

/** Why a view's numbers are over every sweep (null when it filters by sweep). */
export function allSweepsReason(view: ViewName): string | null {
  if (SWEEP_FILTERED.has(view)) return null;
  return ALL_SWEEPS_REASONS[view] ?? 'its surface has no per-sweep rows';
}
