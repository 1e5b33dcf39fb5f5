import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { loadSurface } from '../data/load.ts';
import { applyFilters } from '../logic/filters.ts';
import { formatNumber, formatRate } from '../logic/format.ts';
import { powerCurve, type PowerPoint } from '../logic/pool.ts';
import { linkTo } from '../state/route.ts';
import { lineChart } from '../charts/line-chart.ts';
import type { ModelTaskTdpRow } from '../../schema/surfaces/model-task-tdp.ts';
import { ViewElement, renderLoaded } from './view-element.ts';
import '../components/lb-json-links.ts';
import '../components/lb-notice.ts';

interface Panel {
  key: keyof Pick<PowerPoint, 'run_pass_rate' | 'mean_joules_per_run' | 'joules_per_output_token' | 'tokens_per_s'>;
  label: string;
  percent?: boolean;
  energy?: boolean;
}

const PANELS: Panel[] = [
  { key: 'run_pass_rate', label: 'Run pass rate (%)', percent: true },
  { key: 'mean_joules_per_run', label: 'Energy per run (J/run)', energy: true },
  { key: 'joules_per_output_token', label: 'Energy per output token (J/token)', energy: true },
  { key: 'tokens_per_s', label: 'Output speed (tokens/s)' },
];

/** `#/power`: per model, pass rate, J/run, J/output token and tokens/s against the applied power limit. */
@customElement('lb-power-view')
export class LbPowerView extends ViewElement {
  private readonly data = new Task(this, { task: () => loadSurface('model_task_tdp.json'), args: () => [] });

  private panel(points: PowerPoint[], panel: Panel) {
    if (panel.energy && points.every((point) => point[panel.key] === null)) {
      return html`<div><h3>${panel.label}</h3><p class="note">Not measured: no visible run has a valid energy reading.</p></div>`;
    }
    return html`<div class="chart">
      <h3>${panel.label}</h3>
      ${lineChart(
        points.map((point) => ({ series: point.model, x: point.applied_w, y: point[panel.key] })),
        { xLabel: 'Applied power limit (W)', yLabel: panel.label, percent: panel.percent, ariaLabel: `${panel.label} against applied watts, one line per model` },
      )}
    </div>`;
  }

  private content(rows: readonly ModelTaskTdpRow[]) {
    // The power filter is the x axis here: keep every level.
    const visible = applyFilters(rows, { ...this.filters, power: undefined });
    const points = powerCurve(visible);
    if (points.length === 0) return html`<lb-notice>No runs with an applied power limit match these filters.</lb-notice>`;
    const energyNote = (value: number | null, digits: number, unit: string) => (value === null ? 'not measured' : `${formatNumber(value, digits)} ${unit}`);
    return html`
      <p class="note">
        Every model × task × power-limit row is pooled per model and applied watts by summing runs, passes, joules and tokens (not by
        averaging averages). Runs without an applied limit are left out.
      </p>
      <div class="grid2">${PANELS.map((panel) => this.panel(points, panel))}</div>
      <h3>Values</h3>
      <div class="scroll" tabindex="0" role="region" aria-label="Power level values">
        <table id="power-table">
          <thead>
            <tr>
              <th>Model</th>
              <th class="num">Applied limit<br /><span class="muted">W</span></th>
              <th class="num">Runs<br /><span class="muted">runs</span></th>
              <th class="num">Run pass rate<br /><span class="muted">%</span></th>
              <th class="num">Energy per run<br /><span class="muted">J/run</span></th>
              <th class="num">Energy per output token<br /><span class="muted">J/token</span></th>
              <th class="num">Output speed<br /><span class="muted">tokens/s</span></th>
            </tr>
          </thead>
          <tbody>
            ${points.map(
              (point) => html`<tr>
                <td><a href=${linkTo(this.route, 'model', [point.model])}>${point.model}</a></td>
                <td class="num">${point.applied_w}</td>
                <td class="num">${point.runs}</td>
                <td class="num">${formatRate(point.run_pass_rate)}</td>
                <td class="num">${energyNote(point.mean_joules_per_run, 1, 'J')}</td>
                <td class="num">${energyNote(point.joules_per_output_token, 3, 'J')}</td>
                <td class="num">${formatNumber(point.tokens_per_s, 1)}</td>
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
      ${renderLoaded(this.data, (surface) => this.content(surface.rows))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-power-view': LbPowerView;
  }
}
