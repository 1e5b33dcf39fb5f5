import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { loadSurface } from '../data/load.ts';
import { applyFilters, comparePowerAware } from '../logic/filters.ts';
import { formatInterval, formatNumber, formatRate, powerLabel } from '../logic/format.ts';
import { linkTo } from '../state/route.ts';
import { paretoChart } from '../charts/pareto-chart.ts';
import type { ParetoPoint } from '../../schema/surfaces/pareto-frontiers.ts';
import { ViewElement, renderLoaded } from './view-element.ts';
import '../components/lb-json-links.ts';
import '../components/lb-notice.ts';

const PLANES = [
  { plane: 'energy', label: 'Run pass rate vs energy', axis: 'Energy per run (J/run)' },
  { plane: 'output_tokens', label: 'Run pass rate vs output tokens', axis: 'Output tokens per run (tokens/run)' },
] as const;

/** `#/pareto`: pass rate against energy or output tokens, frontier drawn, per suite, arm and power level. */
@customElement('lb-pareto-view')
export class LbParetoView extends ViewElement {
  private readonly data = new Task(this, { task: () => loadSurface('pareto_frontiers.json'), args: () => [] });

  private picker(key: 'experiment' | 'arm' | 'power', label: string, values: string[], current: string) {
    return html`<label
      >${label}
      <select name=${`pareto-${key}`} @change=${(e: Event) => this.setQuery({ [key]: (e.target as HTMLSelectElement).value })}>
        ${values.map((value) => html`<option .value=${value} ?selected=${value === current}>${key === 'power' ? powerLabel(value) : value}</option>`)}
      </select></label
    >`;
  }

  private content(rows: readonly ParetoPoint[]) {
    const filters = this.filters;
    const base = applyFilters(rows, { hideSimulated: filters.hideSimulated, gpu: filters.gpu, family: filters.family });
    const distinct = (values: string[]) => [...new Set(values)].sort(comparePowerAware);
    const experiments = distinct(base.map((row) => row.experiment));
    if (experiments.length === 0) return html`<lb-notice>No Pareto points in this export.</lb-notice>`;
    // One plane shows one suite, arm and power level at a time: pick the linked one, else the first.
    const experiment = filters.experiment !== undefined && experiments.includes(filters.experiment) ? filters.experiment : experiments[0]!;
    const arms = distinct(base.filter((row) => row.experiment === experiment).map((row) => row.arm));
    const arm = filters.arm !== undefined && arms.includes(filters.arm) ? filters.arm : arms[0]!;
    const powers = distinct(base.filter((row) => row.experiment === experiment && row.arm === arm).map((row) => row.power_level));
    // Default to the highest level: the unthrottled baseline people compare against.
    const power = filters.power !== undefined && powers.includes(filters.power) ? filters.power : powers[powers.length - 1]!;
    const planeKey = this.route.query.plane === 'output_tokens' ? 'output_tokens' : 'energy';
    const plane = PLANES.find((entry) => entry.plane === planeKey)!;
    const points = base.filter((row) => row.plane === planeKey && row.experiment === experiment && row.arm === arm && row.power_level === power);
    return html`
      <div class="toolbar" role="group" aria-label="Plane">
        ${PLANES.map(
          (
            entry,
          ) => html`<button type="button" class="plane" aria-pressed=${entry.plane === planeKey ? 'true' : 'false'} @click=${() => this.setQuery({ plane: entry.plane })}>
            ${entry.label}
          </button>`,
        )}
      </div>
      <div class="toolbar">
        ${this.picker('experiment', 'Suite', experiments, experiment)} ${this.picker('arm', 'Arm', arms, arm)}
        ${this.picker('power', 'Power level', powers, power)}
      </div>
      ${
        points.length === 0
          ? html`<lb-notice>${planeKey === 'energy' ? 'Energy not measured for these runs: no point on this plane.' : 'No points for this selection.'}</lb-notice>`
          : html`<div class="chart" id="pareto-chart">
              ${paretoChart(points, { xLabel: plane.axis, ariaLabel: `${plane.label} for ${experiment}, ${arm}, ${powerLabel(power)}` })}
            </div>
            <div class="scroll">
              <table id="pareto-table">
                <thead>
                  <tr>
                    <th>Model</th>
                    <th class="num">${plane.axis.replace(/ \(.*$/, '')}<br /><span class="muted">${points[0]!.x_unit}</span></th>
                    <th class="num">Run pass rate<br /><span class="muted">% [95% CI]</span></th>
                    <th class="num">Runs<br /><span class="muted">runs</span></th>
                    <th>Frontier</th>
                  </tr>
                </thead>
                <tbody>
                  ${[...points]
                    .sort((a, b) => a.x - b.x)
                    .map(
                      (point) => html`<tr>
                        <td><a href=${linkTo(this.route, 'model', [point.model])}>${point.model}</a></td>
                        <td class="num">${formatNumber(point.x, 1)}</td>
                        <td class="num">${formatRate(point.run_pass_rate)} ${formatInterval(point.run_pass_rate_ci_low, point.run_pass_rate_ci_high)}</td>
                        <td class="num">${point.runs}</td>
                        <td>${point.on_frontier ? html`<span class="chip good">on frontier</span>` : 'dominated'}</td>
                      </tr>`,
                    )}
                </tbody>
              </table>
            </div>`
      }
    `;
  }

  render() {
    return html`<h2>Pareto frontiers</h2>
      <lb-json-links .files=${['pareto_frontiers.json']}></lb-json-links>
      <p class="note">Up and to the left is better. A model is on the frontier when no other model is at least as good on both axes and better on one.</p>
      ${renderLoaded(this.data, (surface) => this.content(surface.rows))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-pareto-view': LbParetoView;
  }
}
