import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { loadSurface } from '../data/load.ts';
import { judgeFigures, judgeRowsOf } from '../logic/judge-note.ts';
import { sharedStyles } from './styles.ts';

/**
 * The judge's reliability beside a judged suite's pass rates (judge_reliability.json): one line per
 * model and judge, with a caution where the judge is below the thresholds. Renders nothing for a suite
 * no judge graded.
 */
@customElement('lb-judge-note')
export class LbJudgeNote extends LitElement {
  /** The suite whose pass rates are shown. */
  @property() experiment = '';
  /** Only these models' rows (all when unset). */
  @property({ attribute: false }) models: readonly string[] | undefined = undefined;

  static styles = [sharedStyles];

  private readonly data = new Task(this, { task: () => loadSurface('judge_reliability.json'), args: () => [] });

  render() {
    return this.data.render({
      pending: () => nothing,
      error: (error) => html`<p class="note">Judge reliability unavailable: ${error instanceof Error ? error.message : String(error)}</p>`,
      complete: (surface) => {
        const rows = judgeRowsOf(surface.rows, this.experiment, this.models);
        if (rows.length === 0) return nothing;
        return html`<div class="note judge-note" role="note">
          <strong>Judged suite:</strong> pass rates on ${this.experiment} need the exact checks and a judge model's grade; the judge's reliability
          (<a href="#/judge">details</a>):
          <ul>
            ${rows.map(
              (row) => html`<li data-judge-model=${row.model}>
                ${judgeFigures(row)}${row.simulated ? html` <span class="chip sim">sim</span>` : nothing}
                ${row.reliable ? html`<span class="chip good">within thresholds</span>` : html`<span class="chip bad">caution</span> ${row.warnings.join('; ')}`}
              </li>`,
            )}
          </ul>
        </div>`;
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-judge-note': LbJudgeNote;
  }
}
