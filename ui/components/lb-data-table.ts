import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { nextSort, sortRows, type SortDirection, type SortState } from '../logic/sort.ts';
import { sharedStyles } from './styles.ts';

/** One column: its header (with unit), the value it sorts by, and how a cell renders (text only). */
export interface TableColumn<Row> {
  key: string;
  label: string;
  unit?: string;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** Which way a first click sorts: descending for "higher is better". */
  firstDirection?: SortDirection;
  value: (row: Row) => unknown;
  render?: (row: Row) => TemplateResult | string;
  /** Header tooltip: how the column is defined. */
  title?: string;
  /** Long text (prompts, definitions) wraps; every other cell stays on one line. */
  wrap?: boolean;
}

function cellClass(column: { numeric?: boolean; wrap?: boolean }): string {
  if (column.numeric) return 'num';
  return column.wrap ? 'wrap' : 'nw';
}

const ARROWS: Record<SortDirection, string> = { ascending: '▲', descending: '▼' };

/**
 * A sortable table: each header is a button (click, Enter or Space), the sorted column carries
 * `aria-sort`, and the wrapper scrolls horizontally on narrow screens. Long tables show a page
 * of rows at a time so 10,000-row surfaces stay responsive.
 */
@customElement('lb-data-table')
export class LbDataTable<Row = unknown> extends LitElement {
  /** The columns, in order. */
  @property({ attribute: false }) columns: TableColumn<Row>[] = [];
  /** The rows to show (already filtered by the view). */
  @property({ attribute: false }) rows: Row[] = [];
  /** The current sort, or null for the view's own order. */
  @property({ attribute: false }) sort: SortState | null = null;
  /** Accessible caption. */
  @property() caption = '';
  /** Rows shown before "show more". */
  @property({ type: Number }) pageSize = 200;
  /** How many rows "show more" has revealed so far. */
  @state() private shown = 0;
  /** Marks a row (e.g. the reference row for ratios). */
  @property({ attribute: false }) rowClass: ((row: Row) => string) | null = null;

  static styles = [
    sharedStyles,
    css`
      th button {
        all: unset;
        cursor: pointer;
        display: inline-flex;
        flex-direction: column;
        gap: 0.05rem;
      }
      th button:focus-visible {
        outline: 3px solid var(--lb-focus);
        outline-offset: 2px;
      }
      .unit {
        font-weight: 400;
        font-size: 0.76rem;
        color: var(--lb-muted);
      }
      .arrow {
        font-size: 0.75rem;
      }
      td.nw {
        white-space: nowrap;
      }
      td.wrap {
        min-width: 16rem;
        max-width: 32rem;
      }
      tr.reference td {
        background: color-mix(in srgb, var(--lb-good) 12%, transparent);
      }
      caption {
        text-align: left;
        font-size: 0.85rem;
        color: var(--lb-muted);
        padding: 0.2rem 0;
      }
      th {
        position: sticky;
        top: 0;
      }
    `,
  ];

  private activate(column: TableColumn<Row>) {
    const sort = nextSort(this.sort, column.key, column.firstDirection ?? 'ascending');
    this.dispatchEvent(new CustomEvent<SortState>('lb-sort', { detail: sort, bubbles: true, composed: true }));
  }

  private sortedRows(): Row[] {
    const sort = this.sort;
    if (sort === null) return this.rows;
    const column = this.columns.find((c) => c.key === sort.key);
    if (!column) return this.rows;
    return sortRows(this.rows, sort, (row) => column.value(row));
  }

  private header(column: TableColumn<Row>) {
    const sorted = this.sort?.key === column.key ? this.sort.direction : null;
    const arrow = sorted === null ? '' : ARROWS[sorted];
    return html`<th scope="col" class=${column.numeric ? 'num' : ''} aria-sort=${sorted ?? 'none'} title=${column.title ?? nothing}>
      <button type="button" @click=${() => this.activate(column)} data-key=${column.key}>
        <span>${column.label} <span class="arrow" aria-hidden="true">${arrow}</span></span>
        ${column.unit ? html`<span class="unit">${column.unit}</span>` : nothing}
      </button>
    </th>`;
  }

  render() {
    const rows = this.sortedRows();
    const limit = Math.max(this.pageSize, this.shown);
    const visible = rows.slice(0, limit);
    return html`<div class="scroll" tabindex="0" role="region" aria-label=${this.caption || 'table'}>
        <table>
          ${this.caption ? html`<caption>${this.caption}</caption>` : nothing}
          <thead>
            <tr>
              ${this.columns.map((column) => this.header(column))}
            </tr>
          </thead>
          <tbody>
            ${visible.map(
              (row) =>
                html`<tr class=${this.rowClass?.(row) ?? ''}>
                  ${this.columns.map(
                    (column) => html`<td class=${cellClass(column)}>${column.render ? column.render(row) : String(column.value(row) ?? '—')}</td>`,
                  )}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${
        rows.length > visible.length
          ? html`<p class="note">
            Showing ${visible.length} of ${rows.length} rows.
            <button type="button" @click=${() => (this.shown = limit + this.pageSize)}>Show ${Math.min(this.pageSize, rows.length - visible.length)} more</button>
          </p>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-data-table': LbDataTable;
  }
}
