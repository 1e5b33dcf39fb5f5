import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { passAtKInView } from '../data/sweep-scoped.ts';
import { exportModelColours } from '../data/model-colours.ts';
import { UNKNOWN_COLOUR } from '../../core/palette.ts';
import { applyFilters } from '../logic/filters.ts';
import { formatRate, powerShort } from '../logic/format.ts';
import { linkTo, parseSweeps } from '../state/route.ts';
import { lineChart } from '../charts/line-chart.ts';
import type { PassAtKRow } from '../../schema/surfaces/pass-at-k.ts';
import { ViewElement, renderLoaded } from './view-element.ts';
import '../components/lb-json-links.ts';
import '../components/lb-notice.ts';

/** `#/passk`: pass@k per model, suite, arm and power level, from repeated samples of each task. */
@customElement('lb-passk-view')
export class LbPasskView extends ViewElement {
  private readonly data = new Task(this, {
    task: async ([sweep]) => {
      const rows = await passAtKInView(parseSweeps(sweep));
      return { rows, colours: await exportModelColours(rows.map((row) => row.model)) };
    },
    args: () => [this.route.query.sweep],
  });

  private content(surface: { rows: PassAtKRow[]; colours: ReadonlyMap<string, string> }) {
    if (surface.rows.length === 0 && this.filters.sweeps !== undefined) {
      return html`<lb-notice id="empty-passk">The selected sweeps have no answered samples: pick other sweeps in the filters.</lb-notice>`;
    }
    if (surface.rows.length === 0) {
      return html`<lb-notice id="empty-passk">pass_at_k.json has no rows: no run was exported. Run a sweep (--repeats N gives pass@k beyond k = 1) and export again.</lb-notice>`;
    }
    const rows = applyFilters(surface.rows, this.filters);
    if (rows.length === 0) return html`<lb-notice>No pass@k rows match these filters.</lb-notice>`;
    const ks = [...new Set(rows.flatMap((row) => row.pass_at.map((entry) => entry.k)))].sort((a, b) => a - b);
    const label = (row: PassAtKRow) => `${row.model} · ${row.experiment} · ${row.arm} · ${powerShort(row.power_level)}`;
    return html`
      ${
        ks.length > 1 && rows.length <= 16
          ? html`<div class="chart" id="passk-chart">
            ${lineChart(
              rows.flatMap((row) => row.pass_at.map((entry) => ({ series: label(row), x: entry.k, y: entry.value }))),
              {
                xLabel: 'k (samples drawn)',
                yLabel: 'pass@k (%)',
                percent: true,
                width: 640,
                xTicks: ks,
                // A line per model row, in its model's colour: rows of one model share it, their labels tell them apart.
                colours: new Map(rows.map((row) => [label(row), surface.colours.get(row.model) ?? UNKNOWN_COLOUR])),
                ariaLabel: 'pass@k against k, one line per model row',
              },
            )}
          </div>`
          : html`<p class="note">Pick a suite, arm or power level above to draw the curves (${rows.length} rows now).</p>`
      }
      <div class="scroll" tabindex="0" role="region" aria-label="pass@k values">
        <table id="passk-table">
          <thead>
            <tr>
              <th>Model</th>
              <th>Suite</th>
              <th>Arm</th>
              <th>Power level</th>
              <th class="num">Tasks<br /><span class="muted">tasks</span></th>
              <th class="num">Samples per task<br /><span class="muted">n (min–max)</span></th>
              ${ks.map((k) => html`<th class="num">${`pass@${k}`}<br /><span class="muted">%</span></th>`)}
            </tr>
          </thead>
          <tbody>
            ${rows.map((row) => {
              const byK = new Map(row.pass_at.map((entry) => [entry.k, entry]));
              return html`<tr>
                <td><a href=${linkTo(this.route, 'model', [row.model])}>${row.model}</a>${row.simulated ? html` <span class="chip sim">sim</span>` : ''}</td>
                <td>${row.experiment}</td>
                <td>${row.arm}</td>
                <td>${powerShort(row.power_level)}</td>
                <td class="num">${row.tasks}</td>
                <td class="num">${row.samples_min}–${row.samples_max}</td>
                ${ks.map((k) => html`<td class="num">${this.cell(byK.get(k), row.tasks)}</td>`)}
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      <p class="note">
        Unbiased pass@k (Chen et al. 2021) per task from its n answered samples; at each k, the mean over the tasks with at least k
        samples (the task count is shown where some tasks had fewer). docs/metrics.md states the rule.
      </p>
    `;
  }

  /** One pass@k cell: the estimate, and over how many tasks when not all of the row's tasks had k samples. */
  private cell(entry: { value: number; tasks: number } | undefined, tasks: number) {
    if (entry === undefined) return 'no task has k samples';
    return entry.tasks < tasks ? html`${formatRate(entry.value)} <span class="muted">(${entry.tasks} of ${tasks} tasks)</span>` : formatRate(entry.value);
  }

  render() {
    return html`<h2>pass@k</h2>
      <lb-json-links .files=${this.filters.sweeps === undefined ? ['pass_at_k.json'] : ['sweep_pass_at_k.json']}></lb-json-links>
      ${renderLoaded(this.data, (surface) => this.content(surface))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-passk-view': LbPasskView;
  }
}
