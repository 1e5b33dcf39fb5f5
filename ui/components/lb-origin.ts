import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Origin } from '../../schema/origin.ts';
import type { RunRecord } from '../../schema/run-record.ts';

/** A chip naming the harness an imported run came from (nothing for a run of ours); the run view has the full origin. */
export function importedChip(run: RunRecord) {
  return run.origin ? html`<span class="chip imported" title="imported from ${run.origin.source_file}">imported: ${run.origin.tool.name}</span>` : nothing;
}

/** The origin block of an imported run: which harness and file it came from, what was mapped, and their verdict. */
@customElement('lb-origin')
export class LbOrigin extends LitElement {
  static styles = css`
    :host {
      display: block;
      border-left: 3px solid var(--accent, #888);
      padding: 0.25rem 0.75rem;
      margin: 0.75rem 0;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.2rem 1rem;
      margin: 0;
    }
    dt {
      font-weight: 600;
    }
    dd {
      margin: 0;
    }
    ul {
      margin: 0;
      padding-left: 1.1rem;
    }
  `;

  /** The run's `origin` block. */
  @property({ attribute: false }) origin!: Origin;

  private verdict() {
    const theirs = this.origin.their_verdict;
    if (theirs === null) return html`not recorded`;
    const passed = theirs.passed === null ? 'no pass/fail' : theirs.passed ? 'passed' : 'failed';
    const score = theirs.score === null ? '' : `, score ${theirs.score}`;
    return html`${passed}${score}${theirs.scorer ? ` (${theirs.scorer})` : ''}${theirs.detail ? html` — ${theirs.detail}` : nothing}`;
  }

  render() {
    const o = this.origin;
    const place = o.line !== null ? `line ${o.line}` : (o.index ?? 'the whole document');
    return html`<dl id="origin">
      <dt>Imported from</dt>
      <dd>${o.tool.name}${o.tool.version ? ` ${o.tool.version}` : ' (version not recorded)'} — format ${o.format}</dd>
      <dt>Source</dt>
      <dd><code>${o.source_file}</code>, ${place} <span class="muted">(sha256 ${o.source_sha256.slice(0, 12)}…)</span></dd>
      <dt>Their verdict</dt>
      <dd>${this.verdict()}</dd>
      <dt>Our verdict</dt>
      <dd>${o.rescored ? 'scored again with our evaluator: the evaluation below is ours' : 'not re-scored: the evaluation is theirs'}</dd>
      <dt>Mapped</dt>
      <dd>${o.mapped.join(', ')}</dd>
      <dt>Not recorded</dt>
      <dd>${o.not_recorded.length === 0 ? 'nothing' : o.not_recorded.join(', ')}</dd>
      <dt>Dropped</dt>
      <dd>${o.dropped.length === 0 ? 'nothing' : html`<ul>${o.dropped.map((d) => html`<li>${d}</li>`)}</ul>`}</dd>
    </dl>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-origin': LbOrigin;
  }
}
