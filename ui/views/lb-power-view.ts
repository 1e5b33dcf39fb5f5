import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { loadSurface } from '../data/load.ts';
import type { SweepSumsRow } from '../../schema/surfaces/sweeps.ts';
import { applyFilters } from '../logic/filters.ts';
import { formatMetric } from '../logic/format.ts';
import { metricColumn, type MetricColumn } from '../logic/metric-columns.ts';
import { powerCurve, type PowerPoint } from '../logic/pool.ts';
import { linkTo } from '../state/route.ts';
import { lineChart } from '../charts/line-chart.ts';
import { modelColours } from '../../core/palette.ts';
import type { ModelTaskTdpRow } from '../../schema/surfaces/model-task-tdp.ts';
import { ViewElement, renderLoaded } from './view-element.ts';
import '../components/lb-json-links.ts';
import '../components/lb-notice.ts';

type PanelKey = keyof Pick<PowerPoint, 'run_pass_rate' | 'mean_joules_per_run' | 'joules_per_output_token' | 'tokens_per_s'>;

interface Panel {
  key: PanelKey;
  /** Label, unit and null wording, from the metric catalogue. */
  column: MetricColumn;
  label: string;
}

const panel = (key: PanelKey): Panel => {
  const column = metricColumn(key);
  return { key, column, label: `${column.label} (${column.unit})` };
};

const PANELS: Panel[] = [panel('run_pass_rate'), panel('mean_joules_per_run'), panel('joules_per_output_token'), panel('tokens_per_s')];

/** The values table: pooled counts and the panels' metrics, each as the catalogue formats it. */
const TABLE_COLUMNS: MetricColumn[] = (['runs', 'not_answered', ...PANELS.map((p) => p.key)] as const).map((key) => metricColumn(key));

/** `#/power`: per model, pass rate, J/run, J/output token and tokens/s against the applied power limit. */
@customElement('lb-power-view')
export class LbPowerView extends ViewElement {
  // Every sweep: the exported rows. A subset: its sweep_sums rows, which pool the same way (model × applied watts).
  private readonly data = new Task(this, {
    task: async ([sweep]) => (sweep === undefined ? (await loadSurface('model_task_tdp.json')).rows : (await loadSurface('sweep_sums.json')).rows),
    args: () => [this.route.query.sweep],
  });

  private panel(points: PowerPoint[], panel: Panel, colours: ReadonlyMap<string, string>) {
    if (panel.column.whenNull === 'not measured' && points.every((point) => point[panel.key] === null)) {
      return html`<div><h3>${panel.label}</h3><p class="note">Not measured: no visible run has a valid energy reading.</p></div>`;
    }
    return html`<div class="chart">
      <h3>${panel.label}</h3>
      ${lineChart(
        points.map((point) => ({ series: point.model, x: point.applied_w, y: point[panel.key] })),
        {
          xLabel: 'Applied power limit (W)',
          yLabel: panel.label,
          percent: panel.column.kind === 'rate',
          ariaLabel: `${panel.label} against applied watts, one line per model`,
          colours,
          // 370 px at 13 px ticks: shrunk into a 320 px grid cell the ticks still read at 11 px or more.
          width: 370,
          height: 260,
        },
      )}
    </div>`;
  }

  private content(rows: readonly (ModelTaskTdpRow | SweepSumsRow)[]) {
    // The power filter is the x axis here: keep every level.
    const visible = applyFilters(rows, { ...this.filters, power: undefined });
    const points = powerCurve(visible);
    // Every model of the export, not only the filtered ones: a filter never recolours a model.
    const colours = modelColours(rows.map((row) => row.model));
    if (points.length === 0) return html`<lb-notice>No runs with an applied power limit match these filters.</lb-notice>`;
    return html`
      <p class="note">
        Every model × task × power-limit row is pooled per model and applied watts by summing runs, passes, joules and tokens (not by
        averaging averages). Runs without an applied limit are left out. Every axis starts at 0, so a 1% change looks like 1%.
      </p>
      <div class="grid2">${PANELS.map((panel) => this.panel(points, panel, colours))}</div>
      <h3>Values</h3>
      <div class="scroll" tabindex="0" role="region" aria-label="Power level values">
        <table id="power-table">
          <thead>
            <tr>
              <th>Model</th>
              <th class="num">Applied limit<br /><span class="muted">W</span></th>
              ${TABLE_COLUMNS.map((column) => html`<th class="num">${column.label}<br /><span class="muted">${column.unit}</span></th>`)}
            </tr>
          </thead>
          <tbody>
            ${points.map(
              (point) => html`<tr>
                <td><a href=${linkTo(this.route, 'model', [point.model])}>${point.model}</a></td>
                <td class="num">${point.applied_w}</td>
                ${TABLE_COLUMNS.map((column) => html`<td class="num">${formatMetric(point[column.key as keyof PowerPoint] as number | null, column)}</td>`)}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    `;
  }

  render() {
    return html`<h2>Model × power level</h2>
      <lb-json-links .files=${['model_task_tdp.json']}></lb-json-links>
      ${renderLoaded(this.data, (rows) => this.content(rows))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-power-view': LbPowerView;
  }
}
