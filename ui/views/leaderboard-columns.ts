/**
 * The leaderboard's columns: what each shows and how a cell renders. Every number is a catalogue
 * metric (core/metrics/catalogue.ts) of the pooled row, labelled from the catalogue and written
 * in readable units by ui/logic/format.ts.
 */
import { html } from 'lit';
import { dotBarAxis, dotBarChart } from '../charts/dot-bar-chart.ts';
import { formatCost, formatInterval, formatMetric, type CostQuantity } from '../logic/format.ts';
import type { LeaderboardRow } from '../logic/leaderboard.ts';
import { metricColumn } from '../logic/metric-columns.ts';
import type { RankedRow } from '../logic/ranks.ts';
import type { MetricName } from '../../core/metrics/catalogue.ts';

export type Entry = RankedRow<LeaderboardRow>;

/** The rule behind a shared rank, in the rank header's tooltip and docs/ui.md. */
export const RANK_RULE =
  'Models that cannot be told apart share a rank, shown as a range. Two models are told apart when comparisons.json pairs them ' +
  'on this suite, arm and power level and McNemar’s paired test gives p < 0.05; otherwise only when their 95% Wilson intervals ' +
  'do not overlap. A range runs from 1 + the models clearly better to N − the models clearly worse.';

export interface Column {
  id: string;
  label: string;
  unit: string;
  title?: string;
  header?: () => unknown;
  cell: (entry: Entry) => unknown;
}

/** A "per passed task" column: the catalogue's metric in readable units, or its reason for null. */
const costColumn = (id: string, metric: MetricName, quantity: CostQuantity, unit: string): Column => {
  const definition = metricColumn(metric);
  return {
    id,
    label: definition.label,
    unit,
    title: definition.description,
    cell: (entry) => formatCost(entry.row[metric] as number | null, quantity, definition.whenNull),
  };
};

export const COLUMNS: readonly Column[] = [
  {
    id: 'pass',
    label: 'Run pass rate',
    unit: '95% Wilson',
    title: metricColumn('run_pass_rate').description,
    header: () => html`<span class="axis">${dotBarAxis()}</span>`,
    cell: ({ row }) => {
      const text = `${formatMetric(row.rate, metricColumn('run_pass_rate'))} ${formatInterval(row.low, row.high)}`;
      return html`<span class="rate">${formatMetric(row.rate, metricColumn('run_pass_rate'))}</span>
        <span class="muted">${formatInterval(row.low, row.high)}</span>
        <span class="bar">${dotBarChart({ value: row.rate, low: row.low, high: row.high }, { title: text, simulated: row.simulated })}</span>`;
    },
  },
  {
    id: 'score',
    label: 'Mean score',
    unit: 'partial credit',
    title: metricColumn('mean_score').description,
    cell: ({ row }) => formatMetric(row.mean_score, metricColumn('mean_score')),
  },
  costColumn('energy', 'joules_per_pass', 'joules', 'GPU energy'),
  costColumn('tokens', 'output_tokens_per_pass', 'tokens', 'output tokens'),
  costColumn('time', 'wall_ms_per_pass', 'ms', 'wall time'),
  costColumn('money', 'usd_per_pass', 'usd', 'USD'),
  {
    id: 'runs',
    label: 'Passed / answered',
    unit: 'runs',
    title: 'passed runs ÷ answered runs (transport failures are not answers)',
    cell: ({ row }) => `${row.passed} / ${row.answered_runs}`,
  },
  {
    id: 'hard',
    label: 'Hard-failure rate',
    unit: '%',
    title: metricColumn('hard_failure_rate').description,
    cell: ({ row }) => formatMetric(row.hard_failure_rate, metricColumn('hard_failure_rate')),
  },
  {
    id: 'speed',
    label: 'Output speed',
    unit: 'tokens/s',
    title: metricColumn('tokens_per_s').description,
    cell: ({ row }) => formatMetric(row.tokens_per_s, metricColumn('tokens_per_s')),
  },
  costColumn('energy_run', 'mean_joules_per_run', 'joules', 'per run'),
  costColumn('ttft', 'mean_ttft_ms', 'ms', 'time to first token'),
];

/** The short default set; the chooser adds the rest, kept in `?cols=`. */
export const DEFAULT_COLUMNS = ['pass', 'score', 'energy', 'tokens', 'time', 'money'];
