import { html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { paretoInView } from '../data/sweep-scoped.ts';
import { applyFilters, comparePowerAware } from '../logic/filters.ts';
import { formatInterval, formatNumber, formatRate, powerLabel } from '../logic/format.ts';
import { linkTo, parseSweeps } from '../state/route.ts';
import { paretoChart } from '../charts/pareto-chart.ts';
import { withVisibleFrontier } from '../logic/pareto.ts';
import type { ParetoPoint } from '../../schema/surfaces/pareto-frontiers.ts';
import { ViewElement, renderLoaded } from './view-element.ts';
import '../components/lb-json-links.ts';
import '../components/lb-notice.ts';

const PLANES = [
  { plane: 'energy', label: 'Run pass rate vs energy', axis: 'Energy per run (J/run)' },
  { plane: 'output_tokens', label: 'Run pass rate vs output tokens', axis: 'Output tokens per run (tokens/run)' },
] as const;

/** `#/pareto`: pass rate against energy or output tokens for every configuration of a suite, the frontier drawn. */
@customElement('lb-pareto-view')
export class LbParetoView extends ViewElement {
  private readonly data = new Task(this, { task: ([sweep]) => paretoInView(parseSweeps(sweep)), args: () => [this.route.query.sweep] });

  private picker(label: string, values: string[], current: string) {
    return html`<label
      >${label}
      <select name="pareto-experiment" @change=${(e: Event) => this.setQuery({ experiment: (e.target as HTMLSelectElement).value })}>
        ${values.map((value) => html`<option .value=${value} ?selected=${value === current}>${value}</option>`)}
      </select></label
    >`;
  }

  private content(rows: readonly ParetoPoint[]) {
    const filters = this.filters;
    if (rows.length === 0) {
      return html`<lb-notice id="empty-pareto">${
        filters.sweeps === undefined
          ? 'pareto_frontiers.json has no points: no run in this export was answered. Run a sweep, then rebuild data/.'
          : 'No answered runs in the sweeps in view: pick other sweeps or clear the sweep filter.'
      }</lb-notice>`;
    }
    // Every configuration of one suite: arm and power level narrow it only when the user filters by them.
    const base = applyFilters(rows, { ...filters, experiment: undefined });
    const experiments = [...new Set(base.map((row) => row.experiment))].sort(comparePowerAware);
    if (experiments.length === 0) return html`<lb-notice id="empty-pareto">No Pareto points match these filters: clear a filter above to see some.</lb-notice>`;
    const experiment = filters.experiment !== undefined && experiments.includes(filters.experiment) ? filters.experiment : experiments[0]!;
    const planeKey = this.route.query.plane === 'output_tokens' ? 'output_tokens' : 'energy';
    const plane = PLANES.find((entry) => entry.plane === planeKey)!;
    const points = withVisibleFrontier(base.filter((row) => row.plane === planeKey && row.experiment === experiment));
    const narrowed =
      filters.sweeps !== undefined ||
      filters.arm !== undefined ||
      filters.power !== undefined ||
      filters.gpu !== undefined ||
      filters.family !== undefined ||
      filters.hideSimulated;
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
      <div class="toolbar">${this.picker('Suite', experiments, experiment)}</div>
      ${
        filters.experiment !== undefined && filters.experiment !== experiment
          ? html`<lb-notice id="unknown-suite">No Pareto points for suite “${filters.experiment}” with these filters: showing ${experiment}; pick a suite above.</lb-notice>`
          : nothing
      }
      ${
        points.length === 0
          ? html`<lb-notice id="empty-plane">${planeKey === 'energy' ? 'Energy was not measured (validly) for these runs: no point on this plane. Try the output-tokens plane.' : 'No points for this selection.'}</lb-notice>`
          : html`<p class="note" id="pareto-scope">
                ${points.length} configuration(s) of ${experiment} (model × arm × power level), ${points.filter((p) => p.on_frontier).length} on the frontier${
                  narrowed ? ': the frontier is over the configurations the filters leave.' : '.'
                }
              </p>
              <div class="chart" id="pareto-chart">
                ${paretoChart(points, { xLabel: plane.axis, xUnit: points[0]!.x_unit, ariaLabel: `${plane.label} for every configuration of ${experiment}` })}
              </div>
              ${this.table(points, plane.axis)}`
      }
    `;
  }

  private table(points: readonly (ParetoPoint & { on_frontier: boolean })[], axis: string) {
    return html`<div class="scroll">
      <table id="pareto-table">
        <thead>
          <tr>
            <th>Model</th>
            <th>Arm</th>
            <th>Power level</th>
            <th class="num">${axis.replace(/ \(.*$/, '')}<br /><span class="muted">${points[0]!.x_unit}</span></th>
            <th class="num">Run pass rate<br /><span class="muted">% [95% CI]</span></th>
            <th class="num">Runs<br /><span class="muted">runs</span></th>
            <th>Frontier</th>
          </tr>
        </thead>
        <tbody>
          ${[...points]
            .sort((a, b) => a.x - b.x || b.run_pass_rate - a.run_pass_rate)
            .map(
              (point) => html`<tr class=${point.on_frontier ? 'frontier' : 'dominated'}>
                <td><a href=${linkTo(this.route, 'model', [point.model])}>${point.model}</a>${point.simulated ? html` <span class="chip sim">simulated</span>` : nothing}</td>
                <td>${point.arm}</td>
                <td>${powerLabel(point.power_level)}</td>
                <td class="num">${formatNumber(point.x, 1)}</td>
                <td class="num">${formatRate(point.run_pass_rate)} ${formatInterval(point.run_pass_rate_ci_low, point.run_pass_rate_ci_high)}</td>
                <td class="num">${point.runs}</td>
                <td>${point.on_frontier ? html`<span class="chip good">on frontier</span>` : html`<span class="muted">dominated</span>`}</td>
              </tr>`,
            )}
        </tbody>
      </table>
    </div>`;
  }

  render() {
    return html`<h2>Pareto frontiers</h2>
      <lb-json-links .files=${['pareto_frontiers.json']}></lb-json-links>
      <p class="note">
        Every configuration of the suite — model × arm × power level — is a point. Up and to the left is better. A configuration is on the frontier when no
        other configuration shown is at least as good on both axes and better on one; dominated ones stay visible, muted.
      </p>
      ${renderLoaded(this.data, (rows) => this.content(rows))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-pareto-view': LbParetoView;
  }
}
