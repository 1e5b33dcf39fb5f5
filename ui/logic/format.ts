import { DEFAULT_POWER_LEVEL, readPowerLevelKey } from '../../core/power-level.ts';
import type { MetricColumn, NullMeaning } from './metric-columns.ts';

/** Formats a number with fixed digits and thousands separators; `—` for null or non-finite. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A 0..1 rate as a percentage: `0.733` → `73.3%`. */
export function formatRate(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(digits)}%`;
}

/** A rate interval as percentages: `[61.2%, 83.1%]`. */
export function formatInterval(low: number, high: number, digits = 1): string {
  return `[${formatRate(low, digits)}, ${formatRate(high, digits)}]`;
}

/** A signed difference in percentage points: `+4.2 pp`, `−3.0 pp`. */
export function formatPoints(delta: number, digits = 1): string {
  const points = delta * 100;
  const magnitude = Math.abs(points).toFixed(digits);
  if (Number(magnitude) === 0) return `±${magnitude} pp`;
  return `${points > 0 ? '+' : '−'}${magnitude} pp`;
}

/** A ratio against the best visible row: `1.00×`, `2.35×`; what the null means otherwise. */
export function formatRatio(value: number | null, whenNull: NullMeaning | '—' = '—'): string {
  if (value === null || !Number.isFinite(value)) return whenNull;
  return `${value.toFixed(2)}×`;
}

/** A metric cell: its number in the column's precision, or the column's reading of null. */
export function formatMetric(value: number | boolean | null, column: MetricColumn): string {
  if (column.kind === 'flag') return value ? 'yes' : 'no';
  if (value === null || typeof value === 'boolean') return column.whenNull;
  if (column.kind === 'rate') return formatRate(value, column.digits);
  return formatNumber(value, column.digits);
}

/** Bytes as a human size: `1.2 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** `"80"` → `80% of default`, `"144w"` → `144 W`, `default` stays. */
export function powerLabel(level: string): string {
  const read = readPowerLevelKey(level);
  if (read === null || read === DEFAULT_POWER_LEVEL) return level;
  return read.mode === 'percent' ? `${read.value}% of default` : `${read.value} W`;
}

/** The compact form for chart labels: `"80"` → `80%`, `"144w"` → `144 W`. */
export function powerShort(level: string): string {
  const read = readPowerLevelKey(level);
  if (read !== null && read !== DEFAULT_POWER_LEVEL && read.mode === 'percent') return `${read.value}%`;
  return powerLabel(level);
}

/** The quantities a passed task costs, each read in its own unit ladder. */
export type CostQuantity = 'joules' | 'ms' | 'tokens' | 'usd';

// Three significant figures at most, trailing zeros dropped: `1.88 kJ`, `2.3 s`, `412 ms`.
function significant(value: number): string {
  let digits = 2;
  if (value >= 100) digits = 0;
  else if (value >= 10) digits = 1;
  return value
    .toFixed(digits)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

/** Picks the largest step of a unit ladder the value reaches (the first step is the floor). */
function ladder(value: number, steps: readonly (readonly [number, string])[]): string {
  let chosen = steps[0]!;
  for (const step of steps) if (value >= step[0]) chosen = step;
  const scaled = value / chosen[0];
  // Below the smallest step's 0.01 the figure would read as 0: say how small instead.
  if (scaled > 0 && scaled < 0.01) return `< 0.01 ${chosen[1]}`;
  return `${significant(scaled)} ${chosen[1]}`;
}

const ENERGY: readonly (readonly [number, string])[] = [
  [1e-6, 'µJ'],
  [1e-3, 'mJ'],
  [1, 'J'],
  [1e3, 'kJ'],
  [1e6, 'MJ'],
];
const TIME_MS: readonly (readonly [number, string])[] = [
  [1, 'ms'],
  [1e3, 's'],
  [60e3, 'min'],
  [3600e3, 'h'],
];

/**
 * A per-task cost in readable units, never an exponent: `1.88 kJ`, `2.3 s`, `1,234 tokens`,
 * `$0.47 / 1k tasks`. Money under a cent a task is quoted per thousand (or million) tasks, as
 * price lists quote per-token prices. Null reads as the catalogue's reason (`not measured`, …).
 */
export function formatCost(value: number | null, quantity: CostQuantity, whenNull: NullMeaning): string {
  if (value === null || !Number.isFinite(value)) return whenNull;
  if (quantity === 'joules') return ladder(value, ENERGY);
  if (quantity === 'ms') return ladder(value, TIME_MS);
  if (quantity === 'tokens') {
    if (value < 10_000) return `${Math.round(value).toLocaleString('en-US')} tokens`;
    if (value < 1e6) return `${significant(value / 1e3)}k tokens`;
    return `${significant(value / 1e6)}M tokens`;
  }
  if (value === 0 || value >= 0.01) return `$${formatNumber(value, 2)} / task`;
  if (value * 1e3 >= 0.01) return `$${(value * 1e3).toFixed(2)} / 1k tasks`;
  return `$${(value * 1e6).toFixed(2)} / 1M tasks`;
}

/** A run's answer text; an imported record whose source did not keep it says so instead of looking empty. */
export function responseText(text: string | null): string {
  return text ?? '(response not recorded by the source harness)';
}
