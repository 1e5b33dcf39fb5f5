import { wilson } from '../wilson.ts';
import type { Metrics, Sums } from '../../schema/surfaces/metrics.ts';

/** Every metric computed from sums: the metric block less the two per-group quantiles. */
export type MetricName = Exclude<keyof Metrics, QuantileName>;
export type QuantileName = 'p50_wall_ms' | 'p95_wall_ms';

/** How a null reads on the site and in docs: each names why the number is missing. */
export type NullMeaning = 'not recorded' | 'not measured' | 'not priced' | 'not answered';

/** One metric: its name in every surface, how it is computed from additive sums, and how it reads. */
export interface MetricDefinition {
  name: MetricName;
  label: string;
  /** Shown beside every number: `%` for rates (stored as fractions), `runs`, `J/token`, … */
  unit: string;
  kind: 'rate' | 'count' | 'number' | 'flag';
  /** Display precision (of the percentage for rates). */
  digits: number;
  /** Which direction is better, for "best" highlights and relative columns; null where neither is. */
  better: 'higher' | 'lower' | null;
  whenNull: NullMeaning;
  description: string;
  /** The formula: a pure function of the group's sums, so pooled rows use it unchanged. */
  compute(sums: Sums): number | boolean | null;
}

/** a ÷ b, or null when b (the count of runs that reported the quantity) is 0: unknown is never 0. */
function ratio(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  const value = numerator / denominator;
  return Number.isFinite(value) ? value : null;
}

/** Runs the server answered: the denominator of every rate of model results. */
const answeredRuns = (s: Sums): number => s.runs - s.not_answered;

/**
 * What one passed run costs of a quantity some runs may not report: its mean over the runs that
 * report it, times answered runs ÷ passed (mean ÷ run pass rate). With full coverage this is
 * exactly Σ quantity ÷ passed; with gaps, the missing runs count at the mean instead of as 0.
 */
const perPass = (meanPerRun: number | null, s: Sums): number | null =>
  meanPerRun === null || s.passed === 0 ? null : (meanPerRun * answeredRuns(s)) / s.passed;

// Sums of scores in [0, 1] can land a hair outside after the division.
const unit = (value: number | null) => (value === null ? null : Math.min(1, Math.max(0, value)));
const WH = 3600;
// Sums are integers in fixed units (schema/surfaces/metrics.ts): µs, µJ, and 1e-9 of a score or dollar.
const MICRO = 1e6;
const NANO = 1e9;

const rate = (name: MetricName, label: string, better: 'higher' | 'lower', description: string, compute: (s: Sums) => number | null): MetricDefinition => ({
  name,
  label,
  unit: '%',
  kind: 'rate',
  digits: 1,
  better,
  whenNull: 'not answered',
  description,
  compute,
});
const count = (name: MetricName, label: string, description: string, field: keyof Sums | ((s: Sums) => number)): MetricDefinition => ({
  name,
  label,
  unit: 'runs',
  kind: 'count',
  digits: 0,
  better: null,
  whenNull: 'not recorded',
  description,
  compute: typeof field === 'function' ? field : (s) => s[field],
});
const num = (
  name: MetricName,
  label: string,
  unitName: string,
  digits: number,
  better: 'higher' | 'lower' | null,
  whenNull: NullMeaning,
  description: string,
  compute: (s: Sums) => number | null,
): MetricDefinition => ({ name, label, unit: unitName, kind: 'number', digits, better, whenNull, description, compute });

/**
 * Every metric of the aggregated surfaces, in display order (docs/metrics.md is checked against
 * this list by test/core/metrics-doc.test.ts). Rates of model results are over answered runs:
 * a transport failure is an outage, counted in `not_answered`, never a failed answer.
 */
export const METRICS: readonly MetricDefinition[] = [
  count('runs', 'Runs', 'accepted run records in the group, answered or not', 'runs'),
  count('not_answered', 'Not answered', 'runs that failed at transport (the server never answered): outages, left out of every pass rate', 'not_answered'),
  count('answered_runs', 'Answered runs', 'runs − not_answered: the denominator of the run pass rate', answeredRuns),
  count('passed', 'Passed', 'runs whose evaluation.passed is true', 'passed'),
  rate('run_pass_rate', 'Run pass rate', 'higher', 'per run: passed ÷ answered runs (every repeat counts once)', (s) => ratio(s.passed, answeredRuns(s))),
  {
    ...rate(
      'run_pass_rate_ci_low',
      'Run pass rate CI low (95% Wilson)',
      'higher',
      'Wilson 95% interval, lower bound, of run_pass_rate (exactly 0 at 0 passes)',
      () => null,
    ),
    compute: (s) => wilson(s.passed, answeredRuns(s)).low,
  },
  {
    ...rate(
      'run_pass_rate_ci_high',
      'Run pass rate CI high (95% Wilson)',
      'higher',
      'Wilson 95% interval, upper bound, of run_pass_rate (exactly 1 at n of n)',
      () => null,
    ),
    compute: (s) => wilson(s.passed, answeredRuns(s)).high,
  },
  rate('mean_score', 'Mean score', 'higher', 'mean evaluation.score over answered runs', (s) => unit(ratio(s.score_nano_sum / NANO, answeredRuns(s)))),
  count('hard_failures', 'Hard failures', 'answered runs with no usable output (failure stage extract, parse or execute)', 'hard_failures'),
  rate('hard_failure_rate', 'Hard-failure rate', 'lower', 'hard_failures ÷ answered runs', (s) => ratio(s.hard_failures, answeredRuns(s))),
  {
    ...rate('not_answered_rate', 'Not-answered rate', 'lower', 'not_answered ÷ runs: how much of the group was lost to outages', (s) =>
      ratio(s.not_answered, s.runs),
    ),
    whenNull: 'not recorded',
  },
  num('mean_prompt_tokens', 'Mean prompt tokens', 'tokens/run', 0, null, 'not recorded', 'Σ prompt tokens ÷ runs that report them', (s) =>
    ratio(s.prompt_tokens_sum, s.prompt_tokens_runs),
  ),
  num('mean_output_tokens', 'Mean output tokens', 'tokens/run', 0, 'lower', 'not recorded', 'Σ output tokens ÷ runs that report them', (s) =>
    ratio(s.output_tokens_sum, s.output_tokens_runs),
  ),
  num('tokens_per_s', 'Output speed', 'tokens/s', 1, 'higher', 'not recorded', 'Σ output tokens ÷ Σ generation seconds, over runs that report both', (s) =>
    s.speed_runs === 0 ? null : ratio(s.speed_output_tokens_sum, s.speed_generation_us_sum / MICRO),
  ),
  num('mean_wall_ms', 'Mean wall time', 'ms', 0, 'lower', 'not recorded', 'Σ timing.wall_ms ÷ runs that report it', (s) =>
    ratio(s.wall_us_sum / 1000, s.wall_ms_runs),
  ),
  num('mean_ttft_ms', 'Mean time to first token', 'ms', 0, 'lower', 'not recorded', 'Σ timing.ttft_ms ÷ runs that report it', (s) =>
    ratio(s.ttft_us_sum / 1000, s.ttft_ms_runs),
  ),
  count('energy_valid_runs', 'Runs with valid energy', 'runs with valid energy (energy.valid and joules measured)', 'energy_valid_runs'),
  num('mean_joules_per_run', 'Energy per run', 'J/run', 1, 'lower', 'not measured', 'Σ joules ÷ runs with valid energy', (s) =>
    ratio(s.energy_uj_sum / MICRO, s.energy_valid_runs),
  ),
  num(
    'joules_per_output_token',
    'Energy per output token',
    'J/token',
    3,
    'lower',
    'not measured',
    'Σ joules ÷ Σ output tokens, valid-energy runs with token counts',
    (s) => (s.energy_token_runs === 0 ? null : ratio(s.energy_token_uj_sum / MICRO, s.energy_output_tokens_sum)),
  ),
  num(
    'output_tokens_per_joule',
    'Output tokens per joule',
    'tokens/J',
    2,
    'higher',
    'not measured',
    'Σ output tokens ÷ Σ joules, valid-energy runs with token counts',
    (s) => (s.energy_token_runs === 0 ? null : ratio(s.energy_output_tokens_sum, s.energy_token_uj_sum / MICRO)),
  ),
  num(
    'joules_per_pass',
    'Energy per pass',
    'J/pass',
    1,
    'lower',
    'not measured',
    'Σ joules ÷ passed runs, both over valid-energy runs; null when none of them passed',
    (s) => ratio(s.energy_uj_sum / MICRO, s.energy_passed),
  ),
  num(
    'output_tokens_per_pass',
    'Output tokens per pass',
    'tokens/pass',
    0,
    'lower',
    'not recorded',
    'mean output tokens ÷ run pass rate: Σ output tokens ÷ passed runs when every answered run reports tokens; null when none passed',
    (s) => perPass(ratio(s.output_tokens_sum, s.output_tokens_runs), s),
  ),
  num(
    'wall_ms_per_pass',
    'Time per pass',
    'ms/pass',
    0,
    'lower',
    'not recorded',
    'mean wall time ÷ run pass rate: Σ timing.wall_ms ÷ passed runs when every answered run reports it; null when none passed',
    (s) => perPass(ratio(s.wall_us_sum / 1000, s.wall_ms_runs), s),
  ),
  num('score_per_wh', 'Score per Wh', 'score/Wh', 2, 'higher', 'not measured', 'Σ score ÷ watt-hours (Σ joules ÷ 3600), valid-energy runs', (s) =>
    s.energy_valid_runs === 0 ? null : ratio(s.energy_score_nano_sum / NANO, s.energy_uj_sum / MICRO / WH),
  ),
  num(
    'score_per_100_output_tokens',
    'Score per 100 output tokens',
    'score/100 tokens',
    3,
    'higher',
    'not measured',
    'Σ score ÷ Σ output tokens × 100, valid-energy runs with token counts',
    (s) => {
      const value = s.energy_token_runs === 0 ? null : ratio(s.energy_token_score_nano_sum / NANO, s.energy_output_tokens_sum);
      return value === null ? null : value * 100;
    },
  ),
  num('usd_per_run', 'Cost per run', 'USD/run', 5, 'lower', 'not priced', 'Σ cost.usd ÷ runs with a price', (s) => ratio(s.usd_nano_sum / NANO, s.priced_runs)),
  num('usd_per_pass', 'Cost per pass', 'USD/pass', 5, 'lower', 'not priced', 'Σ cost.usd ÷ passed runs, over runs with a price', (s) =>
    ratio(s.usd_nano_sum / NANO, s.priced_passed),
  ),
  count('simulated_runs', 'Simulated runs', 'runs produced by the simulator', 'simulated_runs'),
  {
    name: 'simulated',
    label: 'Simulated',
    unit: 'yes/no',
    kind: 'flag',
    digits: 0,
    better: null,
    whenNull: 'not recorded',
    description: 'true when any run in the group is simulated',
    compute: (s) => s.simulated_runs > 0,
  },
];

/** Wall-time quantiles: SQL's quantile_cont over one group's own runs. Not additive: no pooled value. */
export const QUANTILES: readonly (Omit<MetricDefinition, 'name' | 'compute'> & { name: QuantileName })[] = [
  {
    name: 'p50_wall_ms',
    label: 'p50 wall time',
    unit: 'ms',
    kind: 'number',
    digits: 0,
    better: 'lower',
    whenNull: 'not recorded',
    description: 'median timing.wall_ms of the group (linear interpolation); not poolable',
  },
  {
    name: 'p95_wall_ms',
    label: 'p95 wall time',
    unit: 'ms',
    kind: 'number',
    digits: 0,
    better: 'lower',
    whenNull: 'not recorded',
    description: '95th percentile timing.wall_ms of the group (linear interpolation); not poolable',
  },
];
