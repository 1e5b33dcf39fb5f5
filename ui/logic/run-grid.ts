import { printModelSpec } from '../../core/model-spec.ts';
import { supersedes } from '../../core/paired/pairing.ts';
import type { RunRecord } from '../../schema/run-record.ts';
import { compareCodeUnits } from './sort.ts';
import { runPowerLevel } from './filters.ts';

/** One row of a task's side-by-side grid: one arm, power level, repeat and sample, one cell per model. */
export interface GridRow {
  key: string;
  arm: string;
  powerLevel: string;
  repeat: number;
  sample: number;
  /** The run of each model in this row, by model spec; a model that did not run it has no entry. */
  cells: Map<string, RunRecord>;
}

export interface RunGrid {
  /** The grid's columns: every model with a run of the task, sorted. */
  models: string[];
  rows: GridRow[];
}

export interface GridFilter {
  /** Rows where at least one model failed. */
  failuresOnly: boolean;
  /** Rows where the models' verdicts differ: some passed, some failed. */
  disagree: boolean;
  /** Rows where at least one run failed with this class. */
  failureClass?: string;
}

/**
 * Lays a task's runs out as rows of (arm, power level, repeat, sample) × model columns, the
 * promptfoo shape. When a key was run twice, the later record holds the cell, the rule the
 * exporter's pairing uses (core/paired/pairing.ts).
 */
export function buildRunGrid(runs: readonly RunRecord[]): RunGrid {
  const rows = new Map<string, GridRow>();
  const models = new Set<string>();
  for (const run of runs) {
    const model = printModelSpec(run.model);
    models.add(model);
    const powerLevel = runPowerLevel(run);
    const sample = run.sample ?? 0;
    const key = [run.arm, powerLevel, run.repeat, sample].join('\u0000');
    let row = rows.get(key);
    if (row === undefined) {
      row = { key, arm: run.arm, powerLevel, repeat: run.repeat, sample, cells: new Map() };
      rows.set(key, row);
    }
    const held = row.cells.get(model);
    if (held === undefined || supersedes(run, held)) row.cells.set(model, run);
  }
  const ordered = [...rows.values()].sort(
    (a, b) => compareCodeUnits(a.arm, b.arm) || compareCodeUnits(a.powerLevel, b.powerLevel) || a.repeat - b.repeat || a.sample - b.sample,
  );
  return { models: [...models].sort(compareCodeUnits), rows: ordered };
}

/** True when the row's models do not all agree: at least one passed and at least one failed. */
export function modelsDisagree(row: GridRow): boolean {
  const verdicts = new Set([...row.cells.values()].map((run) => run.evaluation.passed));
  return verdicts.size > 1;
}

/** The rows a filter keeps, in order; the filters combine (all must hold). */
export function filterGridRows(rows: readonly GridRow[], filter: GridFilter): GridRow[] {
  return rows.filter((row) => {
    const runs = [...row.cells.values()];
    if (filter.failuresOnly && runs.every((run) => run.evaluation.passed)) return false;
    if (filter.disagree && !modelsDisagree(row)) return false;
    if (filter.failureClass !== undefined && !runs.some((run) => run.failure?.class === filter.failureClass)) return false;
    return true;
  });
}

/** The failure classes among some runs, sorted, for the grid's class filter. */
export function failureClassesOf(runs: readonly RunRecord[]): string[] {
  return [...new Set(runs.flatMap((run) => (run.failure ? [run.failure.class] : [])))].sort(compareCodeUnits);
}
