import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { formatNumber, powerLabel, responseText } from '../logic/format.ts';
import { importedChip } from './lb-origin.ts';
import type { GridRow } from '../logic/run-grid.ts';
import { linkTo, type Route } from '../state/route.ts';
import { printModelSpec } from '../../core/model-spec.ts';
import type { RunRecord } from '../../schema/run-record.ts';
import { sharedStyles } from './styles.ts';

/**
 * A task's runs side by side: rows of (arm, power level, repeat) × model columns, each cell a
 * run with its verdict, numbers and response, clamped until expanded in place (promptfoo's grid).
 */
@customElement('lb-run-grid')
export class LbRunGrid extends LitElement {
  /** The page's route, kept in the links the cells make. */
  @property({ attribute: false }) route: Route = { view: 'task', args: [], query: {} };
  /** The columns, in order. */
  @property({ attribute: false }) models: readonly string[] = [];
  /** The rows of this page. */
  @property({ attribute: false }) rows: readonly GridRow[] = [];
  /** Which runs are shown; a hidden run leaves its cell blank. */
  @property({ attribute: false }) visible: (run: RunRecord) => boolean = () => true;
  /** The run to mark as selected. */
  @property({ attribute: false }) selectedId: string | undefined = undefined;

  /** Run ids whose cell is expanded in place. */
  @state() private expanded = new Set<string>();

  static styles = [
    sharedStyles,
    css`
      article {
        border: 1px solid var(--lb-border);
        border-radius: 6px;
        padding: 0.5rem 0.7rem;
      }
      article.selected {
        border: 2px solid var(--lb-focus);
      }
      article header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem 0.8rem;
        align-items: baseline;
      }
      ul.checks {
        margin: 0.2rem 0;
        padding-left: 1.2rem;
        font-size: 0.86rem;
      }
      .grid-scroll {
        overflow-x: auto;
      }
      .grid {
        display: grid;
        gap: 0.4rem;
        align-items: start;
      }
      .grid > .column-head {
        font-weight: 600;
        overflow-wrap: anywhere;
        position: sticky;
        top: 0;
        background: var(--lb-bg);
        z-index: 1;
      }
      .grid > .row-head {
        font-size: 0.82rem;
        color: var(--lb-muted);
        padding-top: 0.6rem;
      }
      .grid article {
        margin: 0;
        min-width: 0;
      }
      .grid article:not(.open) pre.response {
        max-height: 6.5em;
        overflow: hidden;
      }
      .grid .empty {
        color: var(--lb-muted);
        padding: 0.6rem;
      }
      pre.response {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
    `,
  ];

  private toggle(runId: string): void {
    const next = new Set(this.expanded);
    if (next.has(runId)) next.delete(runId);
    else next.add(runId);
    this.expanded = next;
  }

  private runLink(run: RunRecord) {
    return html`<a href=${linkTo(this.route, 'run', [run.run_id], { task: `${run.experiment}/${run.task.id}` })} class="muted run-link">run <code>${run.run_id}</code></a>`;
  }

  /** One grid cell: the verdict, the key numbers and the response, clamped until expanded. */
  private cell(run: RunRecord, selected: boolean) {
    const open = this.expanded.has(run.run_id);
    const classes = ['run', open ? 'open' : '', selected ? 'selected' : ''].filter(Boolean).join(' ');
    return html`<article class=${classes} data-run-id=${run.run_id}>
      <header>
        <strong>${printModelSpec(run.model)}</strong>
        <span class=${run.evaluation.passed ? 'chip good' : 'chip bad'}>${run.evaluation.passed ? 'passed' : 'failed'}</span>
        ${importedChip(run)}
        ${this.runLink(run)}
      </header>
      ${run.failure ? html`<p class="failure"><strong>${run.failure.class}</strong>: ${run.failure.message}</p>` : nothing}
      <div class="muted">
        score ${run.evaluation.score.toFixed(2)} · ${run.tokens.output ?? '—'} tokens ·
        ${run.timing.wall_ms === null ? 'time not recorded' : `${formatNumber(run.timing.wall_ms, 0)} ms`} ·
        ${run.energy.joules === null || !run.energy.valid ? 'energy not measured' : `${formatNumber(run.energy.joules, 1)} J`}
      </div>
      ${
        run.evaluation.checks && run.evaluation.checks.length > 0
          ? html`<ul class="checks" aria-label="Evaluator checks">
            ${run.evaluation.checks.map((check) => html`<li><span class=${check.passed ? 'chip good' : 'chip bad'}>${check.passed ? 'pass' : 'fail'}</span> ${check.name}</li>`)}
          </ul>`
          : nothing
      }
      <pre class="response">${responseText(run.response.text)}</pre>
      <button type="button" class="expand" aria-expanded=${open ? 'true' : 'false'} @click=${() => this.toggle(run.run_id)}>${open ? 'Collapse' : 'Expand'}</button>
    </article>`;
  }

  render() {
    const { models, rows, visible, selectedId } = this;
    const columns = `minmax(7rem, 9rem) repeat(${models.length}, minmax(15rem, 1fr))`;
    return html`<div class="grid-scroll">
      <div class="grid" id="run-grid" style=${styleMap({ gridTemplateColumns: columns })} aria-label="Runs of this task: rows are arm, power level and repeat; columns are models">
        <div class="column-head">Arm · power · repeat</div>
        ${models.map((model) => html`<div class="column-head">${model}</div>`)}
        ${rows.map(
          (
            row,
          ) => html`<div class="row-head">${row.arm} · ${powerLabel(row.powerLevel)} · repeat ${row.repeat}${row.sample === 0 ? '' : `, sample ${row.sample}`}</div>
            ${models.map((model) => {
              const run = row.cells.get(model);
              return run !== undefined && visible(run) ? this.cell(run, run.run_id === selectedId) : html`<div class="empty">—</div>`;
            })}`,
        )}
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-run-grid': LbRunGrid;
  }
}
