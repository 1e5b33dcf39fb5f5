import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { loadSurface } from '../data/load.ts';
import { rawDataHref } from '../state/route.ts';
import { resultCsv, type SqlResult } from '../sql/csv.ts';
import { EXAMPLE_QUERIES } from '../sql/examples.ts';
import { sqlTables, type SqlTable } from '../sql/tables.ts';
import type { SqlEngine } from '../sql/duckdb.ts';
import { ViewElement, errorText, renderLoaded } from './view-element.ts';
import '../components/lb-notice.ts';

/** Result rows drawn on the page; the CSV download always holds them all. */
const SHOWN_ROWS = 500;

const megabytes = (bytes: number) => (bytes < 100_000 ? `${(bytes / 1000).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`);

/**
 * `#/sql`: SQL over runs.parquet and the JSON surfaces, run in the browser by DuckDB-WASM
 * (ui/sql/duckdb.ts). The engine is imported only when this view opens, so no other view pays
 * for it. `?example=ID` picks the query the editor starts with.
 */
@customElement('lb-sql-view')
export class LbSqlView extends ViewElement {
  @state() private text: string | null = null;
  @state() private result: SqlResult | null = null;
  @state() private error: string | null = null;
  @state() private running = false;

  static styles = [
    ...ViewElement.styles,
    css`
      textarea {
        width: 100%;
        min-height: 12rem;
        font-family: ui-monospace, monospace;
        font-size: 0.85rem;
      }
    `,
  ];

  private readonly engine = new Task(this, {
    task: async () => {
      const index = await loadSurface('index.json');
      const tables = sqlTables(index);
      if (!tables.some((table) => table.name === 'runs')) {
        throw new Error('data/index.json lists no runs.parquet: this export predates it. Run `npx ledgerbench export` again and rebuild the site.');
      }
      const { openSqlEngine } = await import('../sql/duckdb.ts');
      return { tables, engine: await openSqlEngine(tables, rawDataHref) };
    },
    args: () => [],
  });

  protected willUpdate(changed: Map<PropertyKey, unknown>): void {
    // Another example picked (the select, or a link to ?example=…): its text, and no stale result.
    const before = changed.get('route') as { query: Record<string, string | undefined> } | undefined;
    if (before !== undefined && before.query.example !== this.route.query.example) {
      this.text = null;
      this.result = null;
      this.error = null;
    }
  }

  private get example() {
    return EXAMPLE_QUERIES.find((entry) => entry.id === this.route.query.example) ?? EXAMPLE_QUERIES[0]!;
  }

  private async run(engine: SqlEngine): Promise<void> {
    this.running = true;
    this.error = null;
    try {
      this.result = await engine.query(this.text ?? this.example.sql);
    } catch (error) {
      // DuckDB's own message names the problem (a column, a table, a parse position): show it as is.
      this.result = null;
      this.error = errorText(error);
    } finally {
      this.running = false;
    }
  }

  private download(result: SqlResult): void {
    const url = URL.createObjectURL(new Blob([resultCsv(result)], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'ledgerbench-query.csv';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  private editor(engine: SqlEngine, tables: SqlTable[]) {
    return html`<p>
        Tables: ${tables.map((table, i) => html`${i > 0 ? ', ' : ''}<code>${table.name}</code>`)}. <code>runs</code> has one row per
        accepted run, with the columns of <a href=${rawDataHref('runs.parquet')}>runs.parquet</a> (docs/surfaces.md); simulated runs have
        <code>simulated = true</code>. Every other table is one surface's rows.
      </p>
      <p class="note" id="sql-runs-source">${this.runsNote(tables)}</p>
      <div class="toolbar">
        <label
          >Example
          <select
            id="sql-example"
            @change=${(e: Event) => this.setQuery({ example: (e.target as HTMLSelectElement).value })}
          >
            ${EXAMPLE_QUERIES.map((entry) => html`<option value=${entry.id} ?selected=${entry.id === this.example.id}>${entry.title}</option>`)}
          </select></label
        >
      </div>
      <textarea
        id="sql-text"
        aria-label="SQL query"
        spellcheck="false"
        .value=${this.text ?? this.example.sql}
        @input=${(e: Event) => {
          this.text = (e.target as HTMLTextAreaElement).value;
        }}
      ></textarea>
      <p>
        <button id="sql-run" ?disabled=${this.running} @click=${() => this.run(engine)}>${this.running ? 'Running…' : 'Run'}</button>
        ${this.result === null ? nothing : html`<button id="sql-csv" @click=${() => this.download(this.result!)}>Download CSV</button>`}
      </p>
      ${this.error === null ? nothing : html`<lb-notice kind="error" id="sql-error">${this.error}</lb-notice>`} ${this.table()}`;
  }

  /** Where `runs` comes from, and what the first query naming it downloads. */
  private runsNote(tables: SqlTable[]): string {
    const runs = tables.find((table) => table.name === 'runs');
    const size = runs === undefined ? '' : ` (${runs.rows} runs, ${megabytes(runs.bytes)}, downloaded the first time a query names runs)`;
    return `runs is read from runs.parquet${size}, decoded in the page by hyparquet and handed to DuckDB with the file's column types.`;
  }

  private table() {
    const result = this.result;
    if (result === null) return nothing;
    const shown = result.rows.slice(0, SHOWN_ROWS);
    return html`<p id="sql-count">
        ${result.rows.length} row(s)${result.rows.length > SHOWN_ROWS ? `, the first ${SHOWN_ROWS} shown (the CSV holds all)` : ''}
      </p>
      <div class="scroll" tabindex="0" role="region" aria-label="Query result">
        <table id="sql-result">
          <thead>
            <tr>
              ${result.columns.map((column) => html`<th>${column}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${shown.map(
              (row) =>
                html`<tr>
                  ${row.map((cell) => html`<td class=${typeof cell === 'number' ? 'num' : 'nw'}>${cell === null ? '—' : String(cell)}</td>`)}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  render() {
    return html`<h2>SQL</h2>
      ${renderLoaded(this.engine, ({ engine, tables }) => this.editor(engine, tables), 'Loading the SQL engine (DuckDB-WASM, about 35 MB once)…')}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-sql-view': LbSqlView;
  }
}
