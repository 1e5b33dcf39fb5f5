import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { rankingsInView } from '../data/sweep-scoped.ts';
import { applyFilters } from '../logic/filters.ts';
import { formatInterval, formatMetric, formatRatio, powerLabel } from '../logic/format.ts';
import { METRIC_COLUMNS, metricColumn } from '../logic/metric-columns.ts';
import { relativeColumns, type RelativeColumns } from '../logic/relative.ts';
import { linkTo, parseSweeps } from '../state/route.ts';
import type { TableColumn } from '../components/lb-data-table.ts';
import type { ModelRankingRow } from '../../schema/surfaces/model-rankings.ts';
import { ViewElement, renderLoaded } from './view-element.ts';
import '../components/lb-data-table.ts';
import '../components/lb-json-links.ts';
import '../components/lb-notice.ts';
import '../components/lb-integrity-notice.ts';
import '../components/lb-suspect-notice.ts';
import '../components/lb-judge-note.ts';

type Row = ModelRankingRow & RelativeColumns;

/** `#/models`: every model row of model_rankings with every metric and the "vs best visible row" ratios. */
@customElement('lb-models-view')
export class LbModelsView extends ViewElement {
  private readonly data = new Task(this, { task: ([sweep]) => rankingsInView(parseSweeps(sweep)), args: () => [this.route.query.sweep] });

  private columns(): TableColumn<Row>[] {
    const route = this.route;
    const identity: TableColumn<Row>[] = [
      {
        key: 'model',
        label: 'Model',
        value: (row) => row.model,
        render: (row) => html`<a href=${linkTo(route, 'model', [row.model])}>${row.model}</a>${row.simulated ? html` <span class="chip sim">sim</span>` : ''}`,
      },
      { key: 'experiment', label: 'Suite', value: (row) => row.experiment },
      { key: 'arm', label: 'Arm', value: (row) => row.arm },
      { key: 'power_level', label: 'Power level', value: (row) => row.power_level, render: (row) => powerLabel(row.power_level) },
      {
        key: 'applied_w',
        label: 'Applied limit',
        unit: 'W',
        numeric: true,
        value: (row) => row.applied_w,
        render: (row) => (row.applied_w === null ? 'not set' : String(row.applied_w)),
      },
      { key: 'gpu', label: 'GPU', value: (row) => row.gpu, render: (row) => row.gpu ?? 'none' },
      { key: 'rank', label: 'Rank', unit: 'by run pass rate', numeric: true, value: (row) => row.rank },
      {
        key: 'run_pass_rate_interval',
        label: 'Run pass rate with 95% CI',
        unit: '% [Wilson low, high]',
        numeric: true,
        firstDirection: 'descending',
        value: (row) => row.run_pass_rate,
        render: (row) =>
          html`${formatMetric(row.run_pass_rate, metricColumn('run_pass_rate'))} <span class="muted">${formatInterval(row.run_pass_rate_ci_low, row.run_pass_rate_ci_high)}</span>`,
      },
      {
        key: 'token_waste',
        label: 'Output-token waste vs best visible',
        unit: '× leanest passing row',
        numeric: true,
        title: "This row's mean output tokens ÷ the lowest mean output tokens among visible rows with run pass rate > 0",
        value: (row) => row.token_waste,
        render: (row) => formatRatio(row.token_waste),
      },
      {
        key: 'energy_gap',
        label: 'Score per Wh vs best visible',
        unit: '× behind best',
        numeric: true,
        title: "The best visible score per Wh ÷ this row's score per Wh",
        value: (row) => row.energy_gap,
        render: (row) => formatRatio(row.energy_gap, row.score_per_wh === null ? 'not measured' : '—'),
      },
    ];
    const metrics: TableColumn<Row>[] = METRIC_COLUMNS.map((column) => ({
      key: column.key,
      label: column.label,
      unit: column.unit,
      numeric: column.kind !== 'flag',
      firstDirection: column.better === 'higher' ? 'descending' : 'ascending',
      value: (row: Row) => row[column.key],
      render: (row: Row) => formatMetric(row[column.key], column),
    }));
    return [...identity, ...metrics];
  }

  private table(rows: readonly ModelRankingRow[]) {
    const visible = applyFilters(rows, this.filters);
    const relative = relativeColumns(visible);
    const enriched: Row[] = visible.map((row, i) => ({ ...row, ...relative[i]! }));
    if (enriched.length === 0) {
      return html`<lb-notice>No model rows match these filters (${rows.length} rows in total). Clear a filter above.</lb-notice>`;
    }
    const experiments = new Set(visible.map((row) => row.experiment));
    return html`
      ${
        experiments.size > 1
          ? html`<p class="note">The ratio columns compare across ${experiments.size} suites; pick one suite above for like-for-like ratios.</p>`
          : ''
      }
      ${[...experiments].sort().map((experiment) => html`<lb-judge-note .experiment=${experiment} .models=${visible.map((row) => row.model)}></lb-judge-note>`)}
      <lb-data-table
        id="models-table"
        caption=${`${enriched.length} model rows; click a header to sort`}
        .columns=${this.columns()}
        .rows=${enriched}
        .sort=${this.sortState()}
        .rowClass=${(row: Row) => (row.token_waste === 1 || row.energy_gap === 1 ? 'reference' : '')}
        @lb-sort=${(event: CustomEvent) => this.onSort(event)}
      ></lb-data-table>
      <p class="note">
        Highlighted rows are the references for the ratio columns (1.00×). Ratios are recomputed for the rows visible after filters;
        docs/ui.md defines them.
      </p>`;
  }

  render() {
    return html`<h2>Model comparison</h2>
      <lb-json-links .files=${['model_rankings.json']}></lb-json-links>
      <lb-integrity-notice .route=${this.route}></lb-integrity-notice>
      <lb-suspect-notice></lb-suspect-notice>
      ${renderLoaded(this.data, (rows) => this.table(rows), 'Loading model_rankings.json…')}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-models-view': LbModelsView;
  }
}
