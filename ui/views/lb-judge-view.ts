import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { loadSurface } from '../data/load.ts';
import { applyFilters } from '../logic/filters.ts';
import { formatRate } from '../logic/format.ts';
import { formatKappa } from '../logic/judge-note.ts';
import { linkTo } from '../state/route.ts';
import type { JudgeReliabilityRow } from '../../schema/surfaces/judge-reliability.ts';
import { ViewElement, renderLoaded } from './view-element.ts';
import '../components/lb-json-links.ts';
import '../components/lb-notice.ts';

/** `#/judge`: how far each judge of a judged suite can be trusted, per candidate model. */
@customElement('lb-judge-view')
export class LbJudgeView extends ViewElement {
  private readonly data = new Task(this, { task: () => loadSurface('judge_reliability.json'), args: () => [] });

  private content(rows: JudgeReliabilityRow[]) {
    if (rows.length === 0) {
      return html`<lb-notice id="empty-judge">judge_reliability.json has no rows: no judged suite was run. Run one (--experiments support_replies_v1) and export again.</lb-notice>`;
    }
    const visible = applyFilters(rows, this.filters);
    if (visible.length === 0) return html`<lb-notice>No judge rows match these filters.</lb-notice>`;
    const threshold = visible[0]!;
    return html`<div class="scroll" tabindex="0" role="region" aria-label="Judge reliability">
        <table id="judge-table">
          <thead>
            <tr>
              <th>Suite</th>
              <th>Model</th>
              <th>Judge</th>
              <th class="num">Pass rate<br /><span class="muted">% (judged)</span></th>
              <th class="num">Exact checks pass<br /><span class="muted">%</span></th>
              <th class="num">Kappa vs exact<br /><span class="muted">95% CI</span></th>
              <th class="num">Same verdict, order swapped<br /><span class="muted">%</span></th>
              <th class="num">Prefers first shown<br /><span class="muted">% (50 = no bias)</span></th>
              <th class="num">Same verdict, 2nd seed<br /><span class="muted">%</span></th>
              <th class="num">Kappa between judges</th>
              <th class="num">Judge tokens<br /><span class="muted">out</span></th>
              <th>Reliable?</th>
            </tr>
          </thead>
          <tbody>
            ${visible.map(
              (row) => html`<tr data-model=${row.model} data-judge=${row.judge}>
                <td>${row.experiment}</td>
                <td><a href=${linkTo(this.route, 'model', [row.model])}>${row.model}</a>${row.simulated ? html` <span class="chip sim">sim</span>` : ''}</td>
                <td>${row.judge} <span class="muted">(${row.role})</span></td>
                <td class="num">${formatRate(row.pass_rate)}</td>
                <td class="num">${formatRate(row.exact_pass_rate)}</td>
                <td class="num">${formatKappa(row.exact_kappa, row.exact_kappa_low, row.exact_kappa_high)} <span class="muted">n=${row.exact_pairs}</span></td>
                <td class="num">${formatRate(row.position_agreement)} <span class="muted">n=${row.position_pairs}</span></td>
                <td class="num">${formatRate(row.first_preference)}</td>
                <td class="num">${formatRate(row.seed_agreement)}</td>
                <td class="num">${formatKappa(row.inter_judge_kappa, row.inter_judge_kappa_low, row.inter_judge_kappa_high)}</td>
                <td class="num">${row.judge_output_tokens}</td>
                <td>${row.reliable ? html`<span class="chip good">yes</span>` : html`<span class="chip bad" title=${row.warnings.join('; ')}>no</span>`}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.warnings(visible)}
      <p class="note">
        Each reply is graded three times per judge: reply shown first, reference shown first, and again with a second seed. A judged verdict is
        flagged when kappa against the exact checks (on the hard facts and forbidden promises) is below ${threshold.kappa_threshold} or the
        verdict changes with the order on more than ${Math.round((1 - threshold.position_threshold) * 100)}% of replies. The judge's tokens and
        energy are its own, never counted in the candidate's columns. docs/statistics.md, "Judge reliability".
      </p>`;
  }

  /** Why each judge below the thresholds is there, one line a row: too long for a table cell. */
  private warnings(rows: readonly JudgeReliabilityRow[]) {
    const flagged = rows.filter((row) => !row.reliable);
    if (flagged.length === 0) return '';
    return html`<ul id="judge-warnings">
      ${flagged.map((row) => html`<li><strong>${row.model}</strong> judged by ${row.judge}: verdicts rest on an unreliable judge — ${row.warnings.join('; ')}</li>`)}
    </ul>`;
  }

  render() {
    return html`<h2>Judge reliability</h2>
      <lb-json-links .files=${['judge_reliability.json']}></lb-json-links>
      ${renderLoaded(this.data, (surface) => this.content(surface.rows))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-judge-view': LbJudgeView;
  }
}
