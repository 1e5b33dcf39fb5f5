import { frontierFlags } from '../../core/pareto.ts';

interface PlaneRow {
  x: number;
  run_pass_rate: number;
}

/**
 * The points a Pareto chart shows, each flagged by the one frontier rule (core/pareto.ts) over
 * exactly these points: with no filter that is the exporter's `on_suite_frontier`; after a filter
 * (an arm, a power level, a sweep subset) it is the frontier of what is left, never a flag
 * computed over points the page no longer shows.
 */
export function withVisibleFrontier<Row extends PlaneRow>(rows: readonly Row[]): (Row & { on_frontier: boolean })[] {
  const flags = frontierFlags(rows.map((row) => ({ x: row.x, y: row.run_pass_rate })));
  return rows.map((row, index) => ({ ...row, on_frontier: flags[index]! }));
}
