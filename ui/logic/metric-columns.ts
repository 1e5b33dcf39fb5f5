import type { Metrics } from '../../schema/surfaces/metrics.ts';

/** How a null is read: energy and cost were not measured or priced; anything else had no data. */
export type NullMeaning = 'not measured' | 'not priced' | '—';

export interface MetricColumn {
  key: keyof Metrics;
  label: string;
  /** Shown in the column header: every number's unit is visible. */
  unit: string;
  kind: 'rate' | 'count' | 'number' | 'flag';
  digits: number;
  whenNull: NullMeaning;
  /** Which direction is better, for the "best" highlight; null where neither is. */
  better: 'higher' | 'lower' | null;
}

type ColumnInfo = Omit<MetricColumn, 'key'>;

const rate = (label: string, better: 'higher' | 'lower'): ColumnInfo => ({ label, unit: '%', kind: 'rate', digits: 1, whenNull: '—', better });
const count = (label: string, unit = 'runs'): ColumnInfo => ({ label, unit, kind: 'count', digits: 0, whenNull: '—', better: null });
const num = (label: string, unit: string, digits: number, better: 'higher' | 'lower' | null, whenNull: NullMeaning = '—'): ColumnInfo => ({
  label,
  unit,
  kind: 'number',
  digits,
  whenNull,
  better,
});

/**
 * Every field of MetricsSchema, in display order. Typed as a record over `keyof Metrics` so a
 * metric added to the schema fails the type check until it has a column here.
 */
const COLUMNS: Record<keyof Metrics, ColumnInfo> = {
  runs: count('Runs'),
  passed: count('Passed'),
  pass_rate: rate('Pass rate', 'higher'),
  pass_rate_ci_low: rate('Pass rate CI low (95% Wilson)', 'higher'),
  pass_rate_ci_high: rate('Pass rate CI high (95% Wilson)', 'higher'),
  mean_score: rate('Mean score', 'higher'),
  hard_failures: count('Hard failures'),
  hard_failure_rate: rate('Hard-failure rate', 'lower'),
  mean_prompt_tokens: num('Mean prompt tokens', 'tokens/run', 0, null),
  mean_output_tokens: num('Mean output tokens', 'tokens/run', 0, 'lower'),
  tokens_per_s: num('Output speed', 'tokens/s', 1, 'higher'),
  mean_wall_ms: num('Mean wall time', 'ms', 0, 'lower'),
  p50_wall_ms: num('p50 wall time', 'ms', 0, 'lower'),
  p95_wall_ms: num('p95 wall time', 'ms', 0, 'lower'),
  mean_ttft_ms: num('Mean time to first token', 'ms', 0, 'lower'),
  energy_valid_runs: count('Runs with valid energy'),
  mean_joules_per_run: num('Energy per run', 'J/run', 1, 'lower', 'not measured'),
  joules_per_output_token: num('Energy per output token', 'J/token', 3, 'lower', 'not measured'),
  output_tokens_per_joule: num('Output tokens per joule', 'tokens/J', 2, 'higher', 'not measured'),
  joules_per_pass: num('Energy per pass', 'J/pass', 1, 'lower', 'not measured'),
  score_per_wh: num('Score per Wh', 'score/Wh', 2, 'higher', 'not measured'),
  score_per_100_output_tokens: num('Score per 100 output tokens', 'score/100 tokens', 3, 'higher'),
  usd_per_run: num('Cost per run', 'USD/run', 5, 'lower', 'not priced'),
  usd_per_pass: num('Cost per pass', 'USD/pass', 5, 'lower', 'not priced'),
  simulated_runs: count('Simulated runs'),
  simulated: { label: 'Simulated', unit: 'yes/no', kind: 'flag', digits: 0, whenNull: '—', better: null },
};

export const METRIC_COLUMNS: readonly MetricColumn[] = (Object.keys(COLUMNS) as (keyof Metrics)[]).map((key) => ({ key, ...COLUMNS[key] }));

export function metricColumn(key: keyof Metrics): MetricColumn {
  return { key, ...COLUMNS[key] };
}
