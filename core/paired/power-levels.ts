import { DEFAULT_POWER_LEVEL, readPowerLevelKey, type PowerLevel } from '../power-level.ts';
import { compareValues } from '../order.ts';

/** A power level as the runs recorded it: the request (`"80"`, `"144w"`, `"default"`) and the watts applied. */
export interface PowerLevelInfo {
  level: string;
  /** Median applied limit over the level's runs; null when none recorded one. */
  appliedW: number | null;
}

/**
 * The levels of one model from highest to lowest, or null when they cannot be ordered.
 * Applied watts decide when every level has them (the limit actually in force). Otherwise the
 * requests decide: `default` (no limit set) is the highest, and the rest must share one unit —
 * all percentages or all watts — since 80 % cannot be set against 144 W without the GPU's default.
 */
export function orderPowerLevels(levels: readonly PowerLevelInfo[]): string[] | null {
  if (levels.length === 0) return [];
  const byName = (a: PowerLevelInfo, b: PowerLevelInfo) => compareValues(a.level, b.level);
  if (levels.every((l) => l.appliedW !== null)) {
    return [...levels].sort((a, b) => b.appliedW! - a.appliedW! || byName(a, b)).map((l) => l.level);
  }
  const numeric = levels.filter((l) => l.level !== DEFAULT_POWER_LEVEL);
  const read = (level: string) => readPowerLevelKey(level);
  const modeOf = (level: string) => {
    const parsed = read(level);
    return parsed === null || parsed === DEFAULT_POWER_LEVEL ? null : parsed.mode;
  };
  const modes = new Set(numeric.map((l) => modeOf(l.level)));
  if (modes.has(null) || modes.size > 1) return null;
  const value = (level: string) => (read(level) as PowerLevel).value;
  const ordered = [...numeric].sort((a, b) => value(b.level) - value(a.level) || byName(a, b)).map((l) => l.level);
  return levels.length > numeric.length ? [DEFAULT_POWER_LEVEL, ...ordered] : ordered;
}

/** Median of the non-null values, or null. */
export function medianOrNull(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (known.length === 0) return null;
  const middle = Math.floor(known.length / 2);
  return known.length % 2 === 1 ? known[middle]! : (known[middle - 1]! + known[middle]!) / 2;
}

/** A value seen `count` times (null: not recorded). */
export interface WeightedValue {
  value: number | null;
  count: number;
}

/**
 * `medianOrNull` of the values each repeated `count` times, without expanding them: the same
 * middle element (or the same mean of the two middle ones), so planning from SQL counts orders
 * power levels exactly as planning from the runs does.
 */
export function weightedMedianOrNull(values: readonly WeightedValue[]): number | null {
  const known = values.filter((v): v is { value: number; count: number } => v.value !== null && v.count > 0).sort((a, b) => a.value - b.value);
  const total = known.reduce((sum, v) => sum + v.count, 0);
  if (total === 0) return null;
  const middle = Math.floor(total / 2);
  // The element at sorted index i: the first value whose cumulative count exceeds i.
  const at = (index: number): number => {
    let seen = 0;
    for (const v of known) {
      seen += v.count;
      if (index < seen) return v.value;
    }
    return known[known.length - 1]!.value;
  };
  return total % 2 === 1 ? at(middle) : (at(middle - 1) + at(middle)) / 2;
}
