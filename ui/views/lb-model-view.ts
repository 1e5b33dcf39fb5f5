import { html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import type { FailureSurfaceRow } from '../../schema/surfaces/failure-surfaces.ts';
import { exportModelColours } from '../data/model-colours.ts';
import { failuresInView, modelSurfacesInView } from '../data/sweep-scoped.ts';
import { applyFilters } from '../logic/filters.ts';
import { formatInterval, formatMetric, formatRate, powerLabel, powerShort } from '../logic/format.ts';
import { metricColumn } from '../logic/metric-columns.ts';
import { powerCurve } from '../logic/pool.ts';
import { linkTo, parseSweeps } from '../state/route.ts';
import { intervalChart } from '../charts/interval-chart.ts';
import { lineChart } from '../charts/line-chart.ts';
import { barChart } from '../charts/bar-chart.ts';
import { stripChart } from '../charts/histogram-chart.ts';
import type { TableColumn } from '../components/lb-data-table.ts';
import { metricTableColumns } from '../components/metric-table-columns.ts';
import type { ModelTaskRow } from '../../schema/surfaces/model-task.ts';
import { ViewElement, renderLoaded } from './view-element.ts';
import '../components/lb-data-table.ts';
import '../components/lb-json-links.ts';
import '../components/lb-notice.ts';
import '../components/lb-run-distributions.ts';
import '../components/lb-integrity-notice.ts';

type Loaded = Awaited<ReturnType<typeof modelSurfacesInView>> & { failures: FailureSurfaceRow[]; colours: Map<string, string> };

const FILES = ['model_rankings.json', 'model_task.json', 'model_task_tdp.json', 'failure_surfaces.json'];

/** `#/model/<model>`: one model's suites, tasks, power curve, failure mix and distributions. */

/** Rows with at least one answered run: a row that was never answered has no rate to chart. */
const answered = (row: { run_pass_rate: number | null }) => row.run_pass_rate !== null;

@customElement('lb-model-view')
export class LbModelView extends ViewElement {
  private readonly data = new Task(this, {
    task: async ([sweep]) => {
      const [scoped, failures, colours] = await Promise.all([
        modelSurfacesInView(parseSweeps(sweep)),
        failuresInView(parseSweeps(sweep)),
        // Every model of the export, whatever sweeps are in view: a filter never recolours a model.
        exportModelColours([]),
      ]);
      return { ...scoped, failures, colours };
    },
    args: () => [this.route.query.sweep],
  });

  private get model(): string {
    return this.route.args[0] ?? '';
  }

  private taskColumns(): TableColumn<ModelTaskRow>[] {
    const route = this.route;
    return [
      { key: 'experiment', label: 'Suite', value: (row) => row.experiment },
      {
        key: 'task_id',
        label: 'Task',
        value: (row) => row.task_id,
        render: (row) => html`<a href=${linkTo(route, 'task', [row.experiment, row.task_id], { model: row.model })}>${row.task_id}</a>`,
      },
      { key: 'arm', label: 'Arm', value: (row) => row.arm },
      { key: 'power_level', label: 'Power level', value: (row) => row.power_level, render: (row) => powerLabel(row.power_level) },
      { key: 'runs', label: 'Runs', unit: 'runs', numeric: true, value: (row) => row.runs },
      {
        key: 'run_pass_rate',
        label: 'Run pass rate with 95% CI',
        unit: '% [low, high]',
        numeric: true,
        firstDirection: 'descending',
        value: (row) => row.run_pass_rate,
        render: (row) => `${formatRate(row.run_pass_rate)} ${formatInterval(row.run_pass_rate_ci_low, row.run_pass_rate_ci_high)}`,
      },
      ...metricTableColumns<ModelTaskRow>(['mean_output_tokens', 'mean_wall_ms', 'mean_joules_per_run']),
    ];
  }

  private content({ rankings, modelTask, tdp, failures, colours }: Loaded) {
    // Every surface names a model as `--models` spells it (schema/model-spec.ts).
    const model = rankings.some((row) => row.model === this.model) ? this.model : null;
    if (model === null && this.filters.sweeps !== undefined) {
      return html`<lb-notice id="no-model-in-sweeps">Model “${this.model}” has no runs in the sweeps in view: pick other sweeps or clear the sweep filter.</lb-notice>`;
    }
    if (model === null) {
      return html`<lb-notice kind="error">No model called “${this.model}” in model_rankings.json. <a href=${linkTo(this.route, 'models')}>All models</a></lb-notice>`;
    }
    const filters = this.filters;
    const suites = applyFilters(rankings, filters).filter((row) => row.model === model);
    const tasks = applyFilters(modelTask, filters).filter((row) => row.model === model);
    // The curve spans every power level, whatever the power filter says.
    const curve = powerCurve(applyFilters(tdp, { ...filters, power: undefined }).filter((row) => row.model === model));
    const failureRows = applyFilters(failures, filters).filter((row) => row.model === model);
    const byClass = new Map<string, { label: string; value: number; group: string }>();
    for (const row of failureRows) {
      const key = `${row.failure_class}\u0000${row.stage}`;
      const entry = byClass.get(key) ?? { label: row.failure_class, value: 0, group: row.stage };
      entry.value += row.count;
      byClass.set(key, entry);
    }
    const taskKeys = [...new Set(tasks.map((row) => `${row.experiment}/${row.task_id}`))];
    const suiteLabel = (row: { experiment: string; arm: string; power_level: string }) => `${row.experiment} · ${row.arm} · ${powerShort(row.power_level)}`;
    return html`
      <h3>Per suite</h3>
      ${
        suites.length === 0
          ? html`<lb-notice>No rows for this model match the filters.</lb-notice>`
          : html`<div class="chart" id="suite-chart">
              ${intervalChart(
                suites.filter(answered).map((row) => ({
                  label: suiteLabel(row),
                  value: row.run_pass_rate!,
                  low: row.run_pass_rate_ci_low,
                  high: row.run_pass_rate_ci_high,
                  group: row.arm,
                })),
                { xLabel: 'Run pass rate (%) with 95% Wilson interval', ariaLabel: `Run pass rate per suite for ${model}` },
              )}
            </div>
            <div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th>Suite · arm · power</th>
                    <th class="num">Runs<br /><span class="muted">runs</span></th>
                    <th class="num">Run pass rate<br /><span class="muted">% [95% CI]</span></th>
                    <th class="num">Mean output tokens<br /><span class="muted">tokens/run</span></th>
                    <th class="num">Energy per run<br /><span class="muted">J/run</span></th>
                    <th class="num">Score per Wh<br /><span class="muted">score/Wh</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${suites.map(
                    (row) => html`<tr>
                      <td>${suiteLabel(row)}${row.simulated ? html` <span class="chip sim">sim</span>` : nothing}</td>
                      <td class="num">${row.runs}</td>
                      <td class="num">${formatRate(row.run_pass_rate)} ${formatInterval(row.run_pass_rate_ci_low, row.run_pass_rate_ci_high)}</td>
                      <td class="num">${formatMetric(row.mean_output_tokens, metricColumn('mean_output_tokens'))}</td>
                      <td class="num">${formatMetric(row.mean_joules_per_run, metricColumn('mean_joules_per_run'))}</td>
                      <td class="num">${formatMetric(row.score_per_wh, metricColumn('score_per_wh'))}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
      <h3>Power-level curve</h3>
      ${
        curve.length === 0
          ? html`<p class="note">No applied power limits recorded for this model (no GPU, or limits were not read back).</p>`
          : html`<div class="grid2">
            <div class="chart">
              ${lineChart(
                curve.map((p) => ({ series: p.model, x: p.applied_w, y: p.run_pass_rate })),
                {
                  xLabel: 'Applied power limit (W)',
                  yLabel: 'Run pass rate (%)',
                  percent: true,
                  colours,
                  ariaLabel: `Run pass rate against applied watts for ${model}`,
                },
              )}
            </div>
            <div class="chart">
              ${
                curve.every((p) => p.mean_joules_per_run === null)
                  ? html`<p class="note">Energy per run: not measured.</p>`
                  : lineChart(
                      curve.map((p) => ({ series: p.model, x: p.applied_w, y: p.mean_joules_per_run })),
                      {
                        xLabel: 'Applied power limit (W)',
                        yLabel: 'Energy per run (J/run)',
                        colours,
                        ariaLabel: `Joules per run against applied watts for ${model}`,
                      },
                    )
              }
            </div>
          </div>`
      }
      <h3>Failure mix</h3>
      ${
        byClass.size === 0
          ? html`<p class="note">No failures recorded for the visible runs.</p>`
          : html`<div class="chart" id="failure-mix">
            ${barChart([...byClass.values()], { xLabel: 'Failed runs (count)', ariaLabel: `Failure classes for ${model}` })}
          </div>`
      }
      <h3>Per task</h3>
      <div class="chart">
        ${
          tasks.length > 0 && tasks.length <= 60
            ? intervalChart(
                tasks.filter(answered).map((row) => ({
                  label: `${row.task_id} · ${row.arm} · ${powerShort(row.power_level)}`,
                  value: row.run_pass_rate!,
                  low: row.run_pass_rate_ci_low,
                  high: row.run_pass_rate_ci_high,
                  group: row.arm,
                })),
                { xLabel: 'Run pass rate (%) with 95% Wilson interval', ariaLabel: `Run pass rate per task for ${model}` },
              )
            : nothing
        }
      </div>
      <lb-data-table
        caption=${`${tasks.length} task rows for ${model}`}
        .columns=${this.taskColumns()}
        .rows=${tasks}
        .sort=${this.sortState()}
        @lb-sort=${(event: CustomEvent) => this.onSort(event)}
      ></lb-data-table>
      <h3>Token and latency distributions</h3>
      <div class="grid2">
        <div class="chart">
          ${stripChart(
            tasks.filter((row) => row.mean_output_tokens !== null).map((row) => ({ label: row.task_id, value: row.mean_output_tokens! })),
            { xLabel: 'Mean output tokens per task (tokens/run)', ariaLabel: `Mean output tokens per task for ${model}` },
          )}
        </div>
        <div class="chart">
          ${stripChart(
            tasks.filter((row) => row.p95_wall_ms !== null).map((row) => ({ label: row.task_id, value: row.p95_wall_ms! })),
            { xLabel: 'p95 wall time per task (ms)', ariaLabel: `p95 wall time per task for ${model}` },
          )}
        </div>
      </div>
      <lb-run-distributions .model=${model} .taskKeys=${taskKeys} .filters=${filters}></lb-run-distributions>
    `;
  }

  render() {
    return html`<p><a href=${linkTo(this.route, 'models')}>← All models</a></p>
      <h2>Model <span id="model-name">${this.model}</span></h2>
      <lb-json-links .files=${FILES}></lb-json-links>
      <lb-integrity-notice .model=${this.model} .route=${this.route}></lb-integrity-notice>
      ${renderLoaded(this.data, (surfaces) => this.content(surfaces))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-model-view': LbModelView;
  }
}
