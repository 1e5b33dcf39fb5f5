import { html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { loadSurface } from '../data/load.ts';
import { taskRankingsInView } from '../data/sweep-scoped.ts';
import { applyFilters } from '../logic/filters.ts';
import { formatInterval, formatRate } from '../logic/format.ts';
import { linkTo, parseSweeps } from '../state/route.ts';
import type { TableColumn } from '../components/lb-data-table.ts';
import { metricTableColumns } from '../components/metric-table-columns.ts';
import type { TaskRankingRow } from '../../schema/surfaces/task-rankings.ts';
import type { TaskRegistryRow } from '../../schema/surfaces/task-registry.ts';
import { ViewElement, renderLoaded } from './view-element.ts';
import '../components/lb-data-table.ts';
import '../components/lb-json-links.ts';
import '../components/lb-notice.ts';

/** `#/tasks`: the task ranking (hardest first, with the spread across models) and the task registry. */
@customElement('lb-tasks-view')
export class LbTasksView extends ViewElement {
  private readonly data = new Task(this, {
    task: ([sweep]) => Promise.all([taskRankingsInView(parseSweeps(sweep)).then((rows) => ({ rows })), loadSurface('task_registry.json')]),
    args: () => [this.route.query.sweep],
  });

  private rankingColumns(): TableColumn<TaskRankingRow>[] {
    const route = this.route;
    return [
      { key: 'difficulty_rank', label: 'Difficulty rank', unit: '1 = hardest', numeric: true, value: (row) => row.difficulty_rank },
      { key: 'experiment', label: 'Suite', value: (row) => row.experiment },
      { key: 'arm', label: 'Arm', value: (row) => row.arm },
      {
        key: 'task_id',
        label: 'Task',
        value: (row) => row.task_id,
        render: (row) => html`<a href=${linkTo(route, 'task', [row.experiment, row.task_id])}>${row.task_id}</a>`,
      },
      { key: 'task_family', label: 'Family', value: (row) => row.task_family },
      { key: 'models', label: 'Models', unit: 'models', numeric: true, value: (row) => row.models },
      { key: 'runs', label: 'Runs', unit: 'runs', numeric: true, value: (row) => row.runs },
      {
        key: 'run_pass_rate',
        label: 'Pooled run pass rate with 95% CI',
        unit: '% [low, high]',
        numeric: true,
        value: (row) => row.run_pass_rate,
        render: (row) => `${formatRate(row.run_pass_rate)} ${formatInterval(row.run_pass_rate_ci_low, row.run_pass_rate_ci_high)}`,
      },
      {
        key: 'model_run_pass_rate_spread',
        label: 'Spread across models',
        unit: 'pp (min → max)',
        numeric: true,
        firstDirection: 'descending',
        value: (row) => row.model_run_pass_rate_spread,
        render: (row) =>
          row.model_run_pass_rate_spread === null
            ? 'not answered'
            : `${(row.model_run_pass_rate_spread * 100).toFixed(1)} (${formatRate(row.model_run_pass_rate_min)} → ${formatRate(row.model_run_pass_rate_max)})`,
      },
      ...metricTableColumns<TaskRankingRow>(['not_answered', 'mean_output_tokens', 'mean_joules_per_run']),
    ];
  }

  private registryColumns(): TableColumn<TaskRegistryRow>[] {
    const route = this.route;
    return [
      { key: 'experiment', label: 'Suite', value: (row) => row.experiment },
      {
        key: 'task_id',
        label: 'Task',
        value: (row) => row.task_id,
        render: (row) => html`<a href=${linkTo(route, 'task', [row.experiment, row.task_id])}>${row.task_id}</a>`,
      },
      { key: 'task_family', label: 'Family', value: (row) => row.task_family },
      { key: 'evaluator', label: 'Evaluator', value: (row) => row.evaluator },
      { key: 'success_definition', label: 'Success means', wrap: true, value: (row) => row.success_definition },
      {
        key: 'prompt_preview',
        label: 'Prompt (first 280 characters)',
        wrap: true,
        value: (row) => row.prompt_preview,
        render: (row) => html`<code>${row.prompt_preview}</code>`,
      },
      { key: 'runs', label: 'Runs', unit: 'runs', numeric: true, value: (row) => row.runs },
      { key: 'task_hash', label: 'Definition hash', value: (row) => row.task_hash, render: (row) => html`<code>${row.task_hash.slice(0, 12)}</code>` },
    ];
  }

  private content([rankings, registry]: [{ rows: TaskRankingRow[] }, { rows: TaskRegistryRow[] }]) {
    const ranked = applyFilters(rankings.rows, this.filters);
    const tasks = applyFilters(registry.rows, this.filters);
    return html`<h3>Task ranking: hardest first</h3>
      <p class="note">A wide spread means the task separates models; a task everyone fails (or passes) tells little.</p>
      <lb-data-table
        id="task-ranking"
        caption=${`${ranked.length} tasks`}
        .columns=${this.rankingColumns()}
        .rows=${ranked}
        .sort=${this.sortState()}
        @lb-sort=${(event: CustomEvent) => this.onSort(event)}
      ></lb-data-table>
      <h3>Task registry</h3>
      ${
        this.filters.sweeps === undefined
          ? nothing
          : html`<p class="note" id="registry-all-sweeps">The registry lists task definitions; its run counts are over all sweeps.</p>`
      }
      <lb-data-table
        id="task-registry"
        caption=${`${tasks.length} task definitions`}
        .columns=${this.registryColumns()}
        .rows=${tasks}
        .sort=${this.sortState('rsort')}
        @lb-sort=${(event: CustomEvent) => this.onSort(event, 'rsort')}
      ></lb-data-table>`;
  }

  render() {
    return html`<h2>Tasks</h2>
      <lb-json-links .files=${['task_rankings.json', 'task_registry.json']}></lb-json-links>
      ${renderLoaded(this.data, (surfaces) => this.content(surfaces))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-tasks-view': LbTasksView;
  }
}
