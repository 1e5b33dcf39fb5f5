import type { RunRecord } from '../../schema/run-record.ts';
import type { Filters } from '../state/route.ts';
import { compareCodeUnits } from './sort.ts';
import { printModelSpec } from '../../core/model-spec.ts';
import { powerLevelKey } from '../../core/power-level.ts';

/** The GPU filter's value for rows measured without a GPU. */
export const NO_GPU = 'none';

/** Any surface row: each filter applies only when the row carries its field. */
export interface FilterableRow {
  sweep_id?: string;
  experiment?: string;
  arm?: string;
  power_level?: string;
  gpu?: string | null;
  model_family?: string;
  simulated?: boolean;
}

function gpuLabel(gpu: string | null | undefined): string {
  return gpu === null || gpu === undefined ? NO_GPU : gpu;
}

/** True when a surface row passes every active filter. */
export function matchesFilters(row: FilterableRow, filters: Filters): boolean {
  if (filters.hideSimulated && row.simulated === true) return false;
  if (filters.sweeps !== undefined && 'sweep_id' in row && !filters.sweeps.includes(row.sweep_id!)) return false;
  if (filters.experiment !== undefined && 'experiment' in row && row.experiment !== filters.experiment) return false;
  if (filters.arm !== undefined && 'arm' in row && row.arm !== filters.arm) return false;
  if (filters.power !== undefined && 'power_level' in row && row.power_level !== filters.power) return false;
  if (filters.gpu !== undefined && 'gpu' in row && gpuLabel(row.gpu) !== filters.gpu) return false;
  if (filters.family !== undefined && 'model_family' in row && row.model_family !== filters.family) return false;
  return true;
}

export function applyFilters<Row extends FilterableRow>(rows: readonly Row[], filters: Filters): Row[] {
  return rows.filter((row) => matchesFilters(row, filters));
}

/** The power level a run belongs to, named as the surfaces name it. */
export function runPowerLevel(run: RunRecord): string {
  return powerLevelKey(run.power_limit.request);
}

/**
 * The same filters on a raw run record. The family filter needs the model → family map from
 * the surfaces, because a run's `model.family` is optional while surfaces always name one.
 */
export function runMatchesFilters(run: RunRecord, filters: Filters, familyOf: ReadonlyMap<string, string>): boolean {
  if (filters.hideSimulated && run.simulated) return false;
  if (filters.sweeps !== undefined && !filters.sweeps.includes(run.sweep_id)) return false;
  if (filters.experiment !== undefined && run.experiment !== filters.experiment) return false;
  if (filters.arm !== undefined && run.arm !== filters.arm) return false;
  if (filters.power !== undefined && runPowerLevel(run) !== filters.power) return false;
  if (filters.gpu !== undefined && gpuLabel(run.host.gpu?.name) !== filters.gpu) return false;
  if (filters.family !== undefined) {
    const family = familyOf.get(printModelSpec(run.model)) ?? run.model.family;
    if (family !== filters.family) return false;
  }
  return true;
}

/** The distinct values of each filterable field, sorted, for the filter bar's selects. */
export function filterOptions(rows: readonly FilterableRow[]): Record<'experiment' | 'arm' | 'power' | 'gpu' | 'family', string[]> {
  const sets = { experiment: new Set<string>(), arm: new Set<string>(), power: new Set<string>(), gpu: new Set<string>(), family: new Set<string>() };
  for (const row of rows) {
    if (row.experiment !== undefined) sets.experiment.add(row.experiment);
    if (row.arm !== undefined) sets.arm.add(row.arm);
    if (row.power_level !== undefined) sets.power.add(row.power_level);
    if ('gpu' in row) sets.gpu.add(gpuLabel(row.gpu));
    if (row.model_family !== undefined) sets.family.add(row.model_family);
  }
  const sorted = (set: Set<string>) => [...set].sort(comparePowerAware);
  return { experiment: sorted(sets.experiment), arm: sorted(sets.arm), power: sorted(sets.power), gpu: sorted(sets.gpu), family: sorted(sets.family) };
}

/** Orders `"41"` before `"100"` and `"144w"` by number; other strings alphabetically after numbers. */
export function comparePowerAware(a: string, b: string): number {
  const na = Number.parseFloat(a);
  const nb = Number.parseFloat(b);
  const aNumeric = /^\d/.test(a);
  const bNumeric = /^\d/.test(b);
  if (aNumeric && bNumeric && na !== nb) return na - nb;
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return compareCodeUnits(a, b);
}
