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
