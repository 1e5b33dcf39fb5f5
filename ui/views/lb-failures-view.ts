import { html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { failuresInView } from '../data/sweep-scoped.ts';
import { applyFilters } from '../logic/filters.ts';
import { formatRate } from '../logic/format.ts';
import { failureMatrix } from '../logic/failure-matrix.ts';
import { linkTo, parseSweeps } from '../state/route.ts';
import type { TableColumn } from '../components/lb-data-table.ts';
import type { FailureSurfaceRow } from '../../schema/surfaces/failure-surfaces.ts';
import { failureClassColour } from '../../core/palette.ts';
import { ViewElement, renderLoaded } from './view-element.ts';
import '../components/lb-data-table.ts';
import '../components/lb-json-links.ts';
import '../components/lb-notice.ts';

/** A failure class's swatch in its catalogue colour, the same as in the model page's failure mix. */
const swatch = (failureClass: string) =>
  html`<svg class="swatch" width="10" height="10" aria-hidden="true"><rect width="10" height="10" rx="2" fill=${failureClassColour(failureClass)}></rect></svg> `;

/** `#/failures`: failure class × model, and × task, with representative runs linking to the drill-down. */
@customElement('lb-failures-view')
export class LbFailuresView extends ViewElement {
  private readonly data = new Task(this, {
    task: ([sweep]) => failuresInView(parseSweeps(sweep)).then((rows) => ({ rows })),
    args: () => [this.route.query.sweep],
  });

  private columns(): TableColumn<FailureSurfaceRow>[] {
    const route = this.route;
    return [
      {
        key: 'failure_class',
        label: 'Failure class',
        value: (row) => row.failure_class,
        render: (row) => html`${swatch(row.failure_class)}${row.failure_class}`,
      },
      {
        key: 'stage',
        label: 'Stage',
        value: (row) => row.stage,
        render: (row) =>
          html`${row.stage}${row.hard ? html` <span class="chip bad">hard</span>` : nothing}${row.not_answered ? html` <span class="chip">not answered</span>` : nothing}`,
      },
      { key: 'model', label: 'Model', value: (row) => row.model, render: (row) => html`<a href=${linkTo(route, 'model', [row.model])}>${row.model}</a>` },
      { key: 'experiment', label: 'Suite', value: (row) => row.experiment },
      { key: 'arm', label: 'Arm', value: (row) => row.arm },
      {
        key: 'task_id',
        label: 'Task',
        value: (row) => row.task_id,
        render: (row) => html`<a href=${linkTo(route, 'task', [row.experiment, row.task_id], { failures: '1', model: row.model })}>${row.task_id}</a>`,
      },
      { key: 'count', label: 'Failed runs', unit: 'runs', numeric: true, firstDirection: 'descending', value: (row) => row.count },
      { key: 'runs', label: 'All runs', unit: 'runs', numeric: true, value: (row) => row.runs },
      {
        key: 'rate',
        label: 'Rate',
        unit: '% of runs',
        numeric: true,
        firstDirection: 'descending',
        value: (row) => row.rate,
        render: (row) => formatRate(row.rate),
      },
      {
        key: 'representative_run_ids',
        label: 'Example runs',
        value: (row) => row.representative_run_ids.length,
        render: (row) =>
          html`${row.representative_run_ids.map(
            (runId) =>
              html`<a class="example-run" href=${linkTo(route, 'task', [row.experiment, row.task_id], { run: runId })}><code>${runId.slice(0, 10)}</code></a>
                <a class="raw-run" title="The run record and its raw JSON" href=${linkTo(route, 'run', [runId], { task: `${row.experiment}/${row.task_id}` })}>(record)</a> `,
          )}`,
      },
    ];
  }

  private content(rows: readonly FailureSurfaceRow[]) {
    const visible = applyFilters(rows, this.filters);
    if (visible.length === 0) return html`<lb-notice>No failures among the runs these filters select.</lb-notice>`;
    const matrix = failureMatrix(visible);
    return html`
      <h3>Failure class × model</h3>
      <p class="note">Failed runs per class, summed over the visible suites, arms, power levels and tasks. Hard failures produced no usable output.</p>
      <div class="scroll" tabindex="0" role="region" aria-label="Failure class by model">
        <table id="failure-matrix">
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col">Stage</th>
              ${matrix.models.map((model) => html`<th scope="col" class="num"><a href=${linkTo(this.route, 'model', [model])}>${model}</a><br /><span class="muted">runs</span></th>`)}
            </tr>
          </thead>
          <tbody>
            ${matrix.classes.map(
              (entry) => html`<tr>
                <th scope="row">${swatch(entry.failure_class)}${entry.failure_class}</th>
                <td>${entry.stage}${entry.hard ? html` <span class="chip bad">hard</span>` : nothing}</td>
                ${matrix.models.map((model) => html`<td class="num">${entry.counts.get(model) ?? 0}</td>`)}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <h3>By model and task</h3>
      <lb-data-table
        id="failure-table"
        caption=${`${visible.length} model × task × class rows`}
        .columns=${this.columns()}
        .rows=${visible}
        .sort=${this.sortState() ?? { key: 'count', direction: 'descending' }}
        @lb-sort=${(event: CustomEvent) => this.onSort(event)}
      ></lb-data-table>
    `;
  }

  render() {
    return html`<h2>Failure surface</h2>
      <lb-json-links .files=${this.filters.sweeps === undefined ? ['failure_surfaces.json'] : ['sweep_failures.json', 'sweep_sums.json']}></lb-json-links>
      ${renderLoaded(this.data, (surface) => this.content(surface.rows))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-failures-view': LbFailuresView;
  }
}
