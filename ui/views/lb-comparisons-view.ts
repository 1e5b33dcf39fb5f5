import { html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { comparisonsInView } from '../data/sweep-scoped.ts';
import { applyFilters } from '../logic/filters.ts';
import { formatInterval, formatNumber, formatPoints, formatRate, powerLabel } from '../logic/format.ts';
import { verdictTone } from '../logic/verdict.ts';
import { comparisonArgs, comparisonKeyOf, linkTo, parseSweeps } from '../state/route.ts';
import { forestChart } from '../charts/forest-chart.ts';
import type { TableColumn } from '../components/lb-data-table.ts';
import type { ComparisonRow, Recommendation } from '../../schema/surfaces/comparisons.ts';
import { ViewElement, renderLoaded } from './view-element.ts';
import '../components/lb-data-table.ts';
import '../components/lb-json-links.ts';
import '../components/lb-notice.ts';

type Delta = { mean: number; ci: { low: number; high: number } } | null;

function deltaText(delta: Delta, digits: number, unit: string): string {
  if (delta === null) return 'not recorded';
  return `${delta.mean >= 0 ? '+' : ''}${formatNumber(delta.mean, digits)} ${unit} [${formatNumber(delta.ci.low, digits)}, ${formatNumber(delta.ci.high, digits)}]`;
}

function usdText(value: number | null): string {
  return value === null ? 'not priced' : `${formatNumber(value, 6)} USD`;
}

/** The comparison row a recommendation names, for its energy difference. */
function rowOf(rows: readonly ComparisonRow[], entry: Recommendation): ComparisonRow | undefined {
  return rows.find(
    (row) =>
      row.original === entry.original &&
      row.original_power_level === entry.original_power_level &&
      row.experiment === entry.experiment &&
      row.arm === entry.arm &&
      row.candidate === entry.candidate &&
      row.candidate_power_level === (entry.candidate_power_level ?? entry.original_power_level),
  );
}

function side(model: string, power: string): string {
  return power === 'default' ? model : `${model} @ ${powerLabel(power)}`;
}

/** `#/comparisons`: paired original → candidate verdicts, as a table and a forest plot. */
@customElement('lb-comparisons-view')
export class LbComparisonsView extends ViewElement {
  private readonly data = new Task(this, { task: ([sweep]) => comparisonsInView(parseSweeps(sweep)), args: () => [this.route.query.sweep] });

  private columns(): TableColumn<ComparisonRow>[] {
    const route = this.route;
    return [
      {
        key: 'pair',
        label: 'Original → candidate',
        value: (row) => `${row.original} ${row.candidate}`,
        render: (row) =>
          html`<a href=${linkTo(route, 'model', [row.original])}>${side(row.original, row.original_power_level)}</a> →
            <a href=${linkTo(route, 'model', [row.candidate])}>${side(row.candidate, row.candidate_power_level)}</a>`,
      },
      { key: 'kind', label: 'Kind', value: (row) => row.kind },
      { key: 'experiment', label: 'Suite', value: (row) => row.experiment },
      { key: 'arm', label: 'Arm', value: (row) => row.arm },
      {
        key: 'verdict',
        label: 'Verdict',
        value: (row) => row.verdict,
        render: (row) =>
          html`<a class="verdict-link" href=${linkTo(route, 'verdict', comparisonArgs(comparisonKeyOf(row)))} title=${row.verdict_reason}
            ><span class="chip ${verdictTone(row.verdict)}">${row.verdict.replaceAll('_', ' ')}</span> evidence →</a
          >`,
      },
      { key: 'pairs', label: 'Paired tasks', unit: 'tasks', numeric: true, value: (row) => row.pairs },
      {
        key: 'table',
        label: 'Paired outcomes',
        unit: 'both pass / orig. only / cand. only / both fail',
        value: (row) => row.original_only - row.candidate_only,
        render: (row) => `${row.both_pass} / ${row.original_only} / ${row.candidate_only} / ${row.both_fail}`,
      },
      {
        key: 'original_task_pass_rate',
        label: 'Original task pass rate',
        unit: '% of tasks (majority of repeats) [95% CI]',
        numeric: true,
        value: (row) => row.original_task_pass_rate,
        render: (row) =>
          `${formatRate(row.original_task_pass_rate)} ${formatInterval(row.original_task_pass_rate_ci.low, row.original_task_pass_rate_ci.high)}`,
      },
      {
        key: 'candidate_task_pass_rate',
        label: 'Candidate task pass rate',
        unit: '% of tasks (majority of repeats) [95% CI]',
        numeric: true,
        value: (row) => row.candidate_task_pass_rate,
        render: (row) =>
          `${formatRate(row.candidate_task_pass_rate)} ${formatInterval(row.candidate_task_pass_rate_ci.low, row.candidate_task_pass_rate_ci.high)}`,
      },
      {
        key: 'delta',
        label: 'Difference',
        unit: 'pp [95% CI]',
        numeric: true,
        value: (row) => row.delta,
        render: (row) => `${formatPoints(row.delta)} [${formatPoints(row.delta_ci.low)}, ${formatPoints(row.delta_ci.high)}]`,
      },
      {
        key: 'mcnemar_p',
        label: 'McNemar exact p',
        unit: 'p (Holm)',
        numeric: true,
        value: (row) => row.mcnemar_p,
        render: (row) => `${row.mcnemar_p.toPrecision(3)}${row.mcnemar_p_holm === null ? '' : ` (${row.mcnemar_p_holm.toPrecision(3)})`}`,
      },
      { key: 'margin', label: 'Margin', unit: 'pp', numeric: true, value: (row) => row.margin, render: (row) => formatPoints(-Math.abs(row.margin)) },
      {
        key: 'pairs_needed_estimate',
        label: 'Pairs likely needed',
        unit: 'tasks',
        numeric: true,
        value: (row) => row.pairs_needed_estimate,
        render: (row) => (row.pairs_needed_estimate === null ? 'decided' : String(row.pairs_needed_estimate)),
      },
      {
        key: 'energy_delta_j',
        label: 'Energy difference',
        unit: 'J/run [95% CI]',
        numeric: true,
        value: (row) => row.energy_delta_j?.mean ?? null,
        render: (row) => deltaText(row.energy_delta_j, 1, 'J'),
      },
      {
        key: 'output_tokens_delta',
        label: 'Output tokens difference',
        unit: 'tokens/run [95% CI]',
        numeric: true,
        value: (row) => row.output_tokens_delta?.mean ?? null,
        render: (row) => deltaText(row.output_tokens_delta, 0, 'tokens'),
      },
      {
        key: 'wall_ms_delta',
        label: 'Wall time difference',
        unit: 'ms/run [95% CI]',
        numeric: true,
        value: (row) => row.wall_ms_delta?.mean ?? null,
        render: (row) => deltaText(row.wall_ms_delta, 0, 'ms'),
      },
      {
        key: 'usd_per_pass',
        label: 'Cost per pass',
        unit: 'USD/pass, original → candidate',
        numeric: true,
        value: (row) => row.candidate_usd_per_pass,
        render: (row) => `${usdText(row.original_usd_per_pass)} → ${usdText(row.candidate_usd_per_pass)}`,
      },
      {
        key: 'usd_total',
        label: 'Suite cost',
        unit: 'USD over paired runs, original → candidate',
        numeric: true,
        value: (row) => row.candidate_usd_total,
        render: (row) => `${usdText(row.original_usd_total)} → ${usdText(row.candidate_usd_total)}`,
      },
      {
        key: 'cost_delta_usd',
        label: 'Cost difference',
        unit: 'USD/run [95% CI]',
        numeric: true,
        value: (row) => row.cost_delta_usd?.mean ?? null,
        render: (row) => (row.cost_delta_usd === null ? 'not priced' : deltaText(row.cost_delta_usd, 6, 'USD')),
      },
    ];
  }

  /** What the recommended switch does to energy and to money, both named. */
  private costs(rows: readonly ComparisonRow[], entry: Recommendation) {
    const row = entry.candidate === null ? undefined : rowOf(rows, entry);
    const energy = row === undefined ? null : deltaText(row.energy_delta_j, 1, 'J');
    return html`<span class="muted"
      >(${energy === null ? nothing : html`energy ${energy} per run; `}money: cost per pass ${usdText(entry.original_usd_per_pass)} →
      ${usdText(entry.candidate_usd_per_pass)})</span
    >${row === undefined ? nothing : html` <a href=${linkTo(this.route, 'verdict', comparisonArgs(comparisonKeyOf(row)))}>evidence</a>`}`;
  }

  private content(surface: { rows: ComparisonRow[]; recommendations: Recommendation[] }) {
    if (surface.rows.length === 0 && this.filters.sweeps !== undefined) {
      return html`<lb-notice id="empty-comparisons">The selected sweeps have no paired runs: no two models (or power levels) ran the same tasks in them. Pick other sweeps in the filters.</lb-notice>`;
    }
    if (surface.rows.length === 0) {
      return html`<lb-notice id="empty-comparisons">comparisons.json has no rows: no two models (or power levels) ran the same tasks. Run two or more models, or power levels, on the same tasks and export again.</lb-notice>`;
    }
    const rows = applyFilters(surface.rows, this.filters);
    const recommendations = applyFilters(surface.recommendations, this.filters);
    if (rows.length === 0) return html`<lb-notice>No comparisons match these filters.</lb-notice>`;
    const margins = new Set(rows.map((row) => row.margin));
    return html`
      ${
        recommendations.length > 0
          ? html`<h3>Recommendations</h3>
            <details open>
            <summary>${recommendations.length} recommendation(s): the cheapest candidate that holds up, per original and suite</summary>
            <ul id="recommendations">
              ${recommendations.map(
                (entry) => html`<li>
                  <strong>${side(entry.original, entry.original_power_level)}</strong> in ${entry.experiment} (${entry.arm}):
                  ${
                    entry.candidate === null
                      ? html`<span class="chip">no candidate holds up</span>`
                      : html`<span class="chip good">${side(entry.candidate, entry.candidate_power_level ?? entry.original_power_level)}</span>`
                  }
                  ${entry.verdict === null ? nothing : html`<span class="chip ${verdictTone(entry.verdict)}">${entry.verdict.replaceAll('_', ' ')}</span>`}
                  ${entry.message}
                  ${this.costs(rows, entry)}
                </li>`,
              )}
            </ul>
            </details>`
          : nothing
      }
      <h3>Paired differences</h3>
      <div class="chart" id="forest-chart">
        ${forestChart(
          rows.map((row) => ({
            label: `${row.experiment} · ${row.arm} · ${side(row.original, row.original_power_level)} → ${side(row.candidate, row.candidate_power_level)}`,
            // In full, one part a line: original, candidate, then suite and arm.
            header: [side(row.original, row.original_power_level), `→ ${side(row.candidate, row.candidate_power_level)}`, `${row.experiment} · ${row.arm}`],
            delta: row.delta,
            low: row.delta_ci.low,
            high: row.delta_ci.high,
            verdict: row.verdict,
          })),
          { ariaLabel: 'Forest plot of paired pass-rate differences with 95% intervals', margin: margins.size === 1 ? Math.abs([...margins][0]!) : null },
        )}
      </div>
      <lb-data-table
        id="comparisons-table"
        caption=${`${rows.length} comparisons`}
        .columns=${this.columns()}
        .rows=${rows}
        .sort=${this.sortState()}
        @lb-sort=${(event: CustomEvent) => this.onSort(event)}
      ></lb-data-table>
      <p class="note">Outcomes are paired per task (${rows[0]!.outcome_rule} of repeats); open a verdict for the tasks that decided it.</p>
    `;
  }

  render() {
    return html`<h2>Comparisons: does the cheaper model hold up?</h2>
      <lb-json-links .files=${this.filters.sweeps === undefined ? ['comparisons.json'] : ['comparison_pairs.json', 'comparisons.json']}></lb-json-links>
      ${renderLoaded(this.data, (surface) => this.content(surface))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-comparisons-view': LbComparisonsView;
  }
}
