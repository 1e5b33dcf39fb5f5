import { html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { loadSurface } from '../data/load.ts';
import { applyFilters } from '../logic/filters.ts';
import { formatRate } from '../logic/format.ts';
import { poolBy } from '../logic/pool.ts';
import { compareCodeUnits } from '../logic/sort.ts';
import { linkTo } from '../state/route.ts';
import { heatmapChart, type HeatCell } from '../charts/heatmap-chart.ts';
import type { ModelTaskRow } from '../../schema/surfaces/model-task.ts';
import type { SweepSumsRow } from '../../schema/surfaces/sweeps.ts';
import { ViewElement, renderLoaded } from './view-element.ts';
import '../components/lb-json-links.ts';
import '../components/lb-notice.ts';

/** Beyond this many tasks in one suite its chart is unreadable; the table still lists them all. */
const CHART_TASK_LIMIT = 120;

/** `#/heatmap`: pass rate per model × task, pooled over the visible arms and power levels. */
@customElement('lb-heatmap-view')
export class LbHeatmapView extends ViewElement {
  // Every sweep: the exported rows. A subset: its sweep_sums rows, which pool per model × task the same way.
  private readonly data = new Task(this, {
    task: async ([sweep]) => (sweep === undefined ? (await loadSurface('model_task.json')).rows : (await loadSurface('sweep_sums.json')).rows),
    args: () => [this.route.query.sweep],
  });

  private content(rows: readonly (ModelTaskRow | SweepSumsRow)[]) {
    const visible = applyFilters(rows, this.filters);
    if (visible.length === 0) return html`<lb-notice>No model × task rows match these filters.</lb-notice>`;
    const suites = new Set(visible.map((row) => row.experiment));
    const taskLabel = (row: Pick<ModelTaskRow, 'experiment' | 'task_id'>) => (suites.size > 1 ? `${row.experiment}/${row.task_id}` : row.task_id);
    const pooled = poolBy(visible, ['model', 'experiment', 'task_id']);
    // A cell nobody answered has no pass rate (an outage, not a 0%): it stays empty.
    const cells: (HeatCell & { experiment: string; task_id: string })[] = pooled
      .filter((group) => group.run_pass_rate !== null)
      .map((group) => ({
        model: group.model,
        task: taskLabel(group),
        experiment: group.experiment,
        task_id: group.task_id,
        run_pass_rate: group.run_pass_rate!,
        runs: group.answered_runs,
      }));
    const models = [...new Set(cells.map((cell) => cell.model))].sort();
    const tasks = [...new Set(cells.map((cell) => cell.task))].sort();
    const lookup = new Map(cells.map((cell) => [`${cell.model}\u0000${cell.task}`, cell]));
    const taskRef = new Map(cells.map((cell) => [cell.task, cell]));
    // One chart per suite: tasks of different suites share no scale of difficulty, and each stays short.
    const bySuite = new Map<string, HeatCell[]>();
    for (const cell of cells) {
      const suiteCells = bySuite.get(cell.experiment) ?? [];
      suiteCells.push({ ...cell, task: cell.task_id });
      bySuite.set(cell.experiment, suiteCells);
    }
    const suiteTasks = (suiteCells: HeatCell[]) => [...new Set(suiteCells.map((cell) => cell.task))].sort();
    const undrawn = [...bySuite.values()].some((suiteCells) => suiteTasks(suiteCells).length > CHART_TASK_LIMIT);
    return html`
      <p class="note">Each cell pools every visible arm and power level (passed ÷ answered runs). Darker is lower; the number is the run pass rate in %.</p>
      ${[...bySuite.entries()]
        .sort(([a], [b]) => compareCodeUnits(a, b))
        .map(([suite, suiteCells]) => {
          const suiteTaskIds = suiteTasks(suiteCells);
          return html`<h3>${suite}</h3>
            ${
              suiteTaskIds.length <= CHART_TASK_LIMIT
                ? html`<div class="chart heatmap-chart">
                  ${heatmapChart(suiteCells, { models, tasks: suiteTaskIds, ariaLabel: `Run pass rate heatmap for ${suite}, models by tasks` })}
                </div>`
                : html`<p class="note">${suiteTaskIds.length} tasks: too many to draw; the table below lists every cell.</p>`
            }`;
        })}
      <details ?open=${undrawn}>
        <summary>Table of values (pass rate %, runs)</summary>
        <div class="scroll" tabindex="0" role="region" aria-label="Heatmap values">
          <table id="heatmap-table">
            <thead>
              <tr>
                <th scope="col">Task</th>
                ${models.map((model) => html`<th scope="col" class="num">${model}<br /><span class="muted">% (runs)</span></th>`)}
              </tr>
            </thead>
            <tbody>
              ${tasks.map((task) => {
                const ref = taskRef.get(task)!;
                return html`<tr>
                  <th scope="row"><a href=${linkTo(this.route, 'task', [ref.experiment, ref.task_id])}>${task}</a></th>
                  ${models.map((model) => {
                    const cell = lookup.get(`${model}\u0000${task}`);
                    return html`<td class="num">${cell ? html`${formatRate(cell.run_pass_rate, 0)} <span class="muted">(${cell.runs})</span>` : nothing}</td>`;
                  })}
                </tr>`;
              })}
            </tbody>
          </table>
        </div>
      </details>
    `;
  }

  render() {
    return html`<h2>Model × task heatmap</h2>
      <lb-json-links .files=${['model_task.json']}></lb-json-links>
      ${renderLoaded(this.data, (rows) => this.content(rows))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-heatmap-view': LbHeatmapView;
  }
}
