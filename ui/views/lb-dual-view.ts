import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { dualScoringInView } from '../data/sweep-scoped.ts';
import { exportModelColours } from '../data/model-colours.ts';
import { applyFilters } from '../logic/filters.ts';
import { formatPoints, formatRate } from '../logic/format.ts';
import { verdictTone } from '../logic/verdict.ts';
import { linkTo, parseSweeps } from '../state/route.ts';
import { slopeChart, type SlopeDatum } from '../charts/slope-chart.ts';
import type { DualScoringRow } from '../../schema/surfaces/dual-scoring.ts';
import { ViewElement, renderLoaded } from './view-element.ts';
import '../components/lb-json-links.ts';
import '../components/lb-notice.ts';

function armOrder(a: string, b: string): number {
  // plain first: the slope reads left to right from the bare prompt to the contract.
  if (a === b) return 0;
  if (a === 'plain') return -1;
  if (b === 'plain') return 1;
  return a.localeCompare(b);
}

function deltaCell(delta: number | null, ci: { low: number; high: number } | null): string {
  if (delta === null) return '—';
  return ci === null ? formatPoints(delta) : `${formatPoints(delta)} [${formatPoints(ci.low)}, ${formatPoints(ci.high)}]`;
}

/** `#/dual`: format score against executor score per model and arm: does a contract only teach format? */
@customElement('lb-dual-view')
export class LbDualView extends ViewElement {
  private readonly data = new Task(this, {
    task: async ([sweep]) => {
      const rows = await dualScoringInView(parseSweeps(sweep));
      return { rows, colours: await exportModelColours(rows.map((row) => row.model)) };
    },
    args: () => [this.route.query.sweep],
  });

  private content(surface: { rows: DualScoringRow[]; colours: ReadonlyMap<string, string> }) {
    if (surface.rows.length === 0 && this.filters.sweeps !== undefined) {
      return html`<lb-notice id="empty-dual">None of the selected sweeps ran a format contract: pick other sweeps in the filters.</lb-notice>`;
    }
    if (surface.rows.length === 0) {
      return html`<lb-notice id="empty-dual">dual_scoring.json has no rows: no sweep ran a format contract. Run it with --arms plain,contract (e.g. bash run_me.sh --models … --arms plain,contract) and export again.</lb-notice>`;
    }
    const filters = this.filters;
    const base = applyFilters(surface.rows, { ...filters, experiment: undefined, arm: undefined });
    const experiments = [...new Set(base.map((row) => row.experiment))].sort();
    if (experiments.length === 0) return html`<lb-notice>No dual-scoring rows match these filters.</lb-notice>`;
    const experiment = filters.experiment !== undefined && experiments.includes(filters.experiment) ? filters.experiment : experiments[0]!;
    const rows = base.filter((row) => row.experiment === experiment);
    const arms = [...new Set(rows.map((row) => row.arm))].sort(armOrder);
    const slopes: SlopeDatum[] = rows.flatMap((row) => [
      { model: row.model, arm: row.arm, measure: 'format score' as const, value: row.mean_format_score },
      { model: row.model, arm: row.arm, measure: 'executor score' as const, value: row.mean_executor_score },
    ]);
    return html`
      <div class="toolbar">
        <label
          >Suite
          <select @change=${(e: Event) => this.setQuery({ experiment: (e.target as HTMLSelectElement).value })}>
            ${experiments.map((value) => html`<option .value=${value} ?selected=${value === experiment}>${value}</option>`)}
          </select></label
        >
      </div>
      <div class="chart" id="slope-chart">${slopeChart(slopes, { arms, colours: surface.colours, ariaLabel: `Format and executor scores by arm for ${experiment}` })}</div>
      <div class="scroll">
        <table id="dual-table">
          <thead>
            <tr>
              <th>Model</th>
              <th>Arm</th>
              <th class="num">Runs<br /><span class="muted">runs</span></th>
              <th class="num">Format score<br /><span class="muted">mean %</span></th>
              <th class="num">Executor score<br /><span class="muted">mean %</span></th>
              <th class="num">Format Δ vs baseline arm<br /><span class="muted">pp [95% CI]</span></th>
              <th class="num">Executor Δ vs baseline arm<br /><span class="muted">pp [95% CI]</span></th>
              <th class="num">Paired<br /><span class="muted">tasks (runs)</span></th>
              <th>Classification</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (row) => html`<tr>
                <td><a href=${linkTo(this.route, 'model', [row.model])}>${row.model}</a></td>
                <td>${row.arm}${row.arm === row.baseline_arm ? html` <span class="muted">(baseline)</span>` : ''}</td>
                <td class="num">${row.runs}</td>
                <td class="num">${formatRate(row.mean_format_score)}</td>
                <td class="num">${formatRate(row.mean_executor_score)}</td>
                <td class="num">${deltaCell(row.format_delta, row.format_delta_ci)}</td>
                <td class="num">${deltaCell(row.executor_delta, row.executor_delta_ci)}</td>
                <td class="num">${row.paired_tasks} (${row.paired_runs})</td>
                <td>${row.classification === null ? '—' : html`<span class="chip ${verdictTone(row.classification)}">${row.classification.replaceAll('_', ' ')}</span>`}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <p class="note">
        Deltas are this arm − the baseline arm, per paired task, with a bootstrap 95% interval. “format only”: the contract raised the format score
        without moving the executor score — it taught the shape of an answer, not the answer. No classification below 10 paired tasks.
      </p>
    `;
  }

  render() {
    return html`<h2>Dual scoring: does a prompt contract only teach format?</h2>
      <lb-json-links .files=${this.filters.sweeps === undefined ? ['dual_scoring.json'] : ['sweep_dual_scoring.json', 'comparison_pairs.json']}></lb-json-links>
      ${renderLoaded(this.data, (surface) => this.content(surface))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-dual-view': LbDualView;
  }
}
