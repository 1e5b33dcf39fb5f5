import { html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { loadSurface } from '../data/load.ts';
import { formatRate } from '../logic/format.ts';
import { linkTo } from '../state/route.ts';
import type { RescoringRow } from '../../schema/surfaces/rescoring.ts';
import { ViewElement, renderLoaded } from './view-element.ts';
import '../components/lb-json-links.ts';
import '../components/lb-notice.ts';

/** `#/rescoring`: on imported answers we scored again, how often their scorer and ours agree. */
@customElement('lb-rescoring-view')
export class LbRescoringView extends ViewElement {
  private readonly data = new Task(this, { task: () => loadSurface('rescoring.json'), args: () => [] });

  private disagreements(row: RescoringRow) {
    if (row.disagreements.length === 0) return html`<span class="muted">none</span>`;
    return html`<ul class="disagreements">
      ${row.disagreements.map(
        (d) =>
          html`<li>
            <a href=${linkTo(this.route, 'run', [d.run_id], { task: `${row.experiment}/${d.task_id}` })}><code>${d.run_id}</code></a>
            ${d.model}, task ${d.task_id}: ours <span class=${d.ours_passed ? 'chip good' : 'chip bad'}>${d.ours_passed ? 'pass' : 'fail'}</span>, theirs
            <span class=${d.ours_passed ? 'chip bad' : 'chip good'}>${d.ours_passed ? 'fail' : 'pass'}</span>
          </li>`,
      )}
    </ul>`;
  }

  private content(surface: { rows: RescoringRow[] }) {
    if (surface.rows.length === 0) {
      return html`<lb-notice id="empty-rescoring"
        >rescoring.json has no rows: no imported run was scored again while keeping its source's verdict. Import with
        <code>ledgerbench import --from FORMAT FILE --rescore</code> (or a humaneval-samples results file) and export again.</lb-notice
      >`;
    }
    return html`<div class="scroll">
        <table id="rescoring-table">
          <thead>
            <tr>
              <th>Suite</th>
              <th>Source</th>
              <th>Our evaluator</th>
              <th class="num">Compared<br /><span class="muted">runs</span></th>
              <th class="num">Agree<br /><span class="muted">%</span></th>
              <th class="num">Both pass</th>
              <th class="num">Both fail</th>
              <th class="num">Only ours pass</th>
              <th class="num">Only theirs pass</th>
              <th>Disagreeing runs</th>
            </tr>
          </thead>
          <tbody>
            ${surface.rows.map(
              (row) => html`<tr>
                <td>${row.experiment} ${row.simulated ? html`<span class="chip sim">simulated</span>` : nothing}</td>
                <td>${row.origin_format}</td>
                <td>${row.evaluators.join(', ')}</td>
                <td class="num">${row.compared}</td>
                <td class="num">${formatRate(row.agreement_rate)}</td>
                <td class="num">${row.both_passed}</td>
                <td class="num">${row.both_failed}</td>
                <td class="num">${row.ours_only_passed}</td>
                <td class="num">${row.theirs_only_passed}</td>
                <td>${this.disagreements(row)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <p class="note">
        The statistics everywhere else use our verdict on these runs; the source harness's verdict is kept in each run's origin block. A disagreement
        is evidence about a scorer — theirs or ours — not about the model: open the run to read the answer.
      </p>`;
  }

  render() {
    return html`<h2>Re-scoring: their scorer against ours</h2>
      <lb-json-links .files=${['rescoring.json']}></lb-json-links>
      ${renderLoaded(this.data, (surface) => this.content(surface))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-rescoring-view': LbRescoringView;
  }
}
