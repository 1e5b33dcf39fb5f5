import type { ViewName } from './views.ts';

/**
 * Which views show only the sweeps in view, and why the others cannot. A view filters when its
 * rows pool from per-sweep rows (sweep_sums, sweep_failures, sweep_dual_scoring and
 * sweep_pass_at_k .json), are run records (each names its sweep), or are paired statistics
 * recomputed from the run-level pairs (comparison_pairs.json) with the exporter's own code
 * (core/paired/). A view not listed here says its numbers are over every sweep rather than
 * pretend to filter.
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
  'comparisons',
  'verdict',
  'pair',
]);

/** Views whose paired statistics (verdicts, paired deltas, shared ranks) are recomputed for a sweep subset rather than added up. */
export const PAIRED_RECOMPUTED: ReadonlySet<ViewName> = new Set<ViewName>(['leaderboard', 'comparisons', 'verdict', 'pair', 'dual']);

const ALL_SWEEPS_REASONS: Partial<Record<ViewName, string>> = {
  json: 'the raw files hold every sweep',
  run: 'one run, named by its id',
};

/** Why a view's numbers are over every sweep (null when it filters by sweep). */
export function allSweepsReason(view: ViewName): string | null {
  if (SWEEP_FILTERED.has(view)) return null;
  return ALL_SWEEPS_REASONS[view] ?? 'its surface has no per-sweep rows';
}
