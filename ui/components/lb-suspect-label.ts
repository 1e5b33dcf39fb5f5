import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { recordHarnessSuspect } from '../../core/harness-suspect.ts';
import type { RunRecord } from '../../schema/run-record.ts';
import { SUSPECT_REASON_WORDS } from '../logic/harness-suspect.ts';

/**
 * "Harness suspect" beside a failed run, with its reason and evidence: the recorded
 * `failure.harness_suspect`, or for records without one the same detector the exporter uses.
 * Renders nothing for a run that is no suspect.
 */
@customElement('lb-suspect-label')
export class LbSuspectLabel extends LitElement {
  /** The run record to label. */
  @property({ attribute: false }) run?: RunRecord;

  static styles = css`
    :host {
      display: block;
      margin: 0.3rem 0;
    }
    p {
      margin: 0;
      border-left: 3px solid var(--lb-warn-fg);
      background: var(--lb-warn-bg);
      color: var(--lb-warn-fg);
      padding: 0.3rem 0.5rem;
      font-size: 0.86rem;
      overflow-wrap: anywhere;
    }
  `;

  render() {
    const suspect = this.run ? recordHarnessSuspect(this.run) : null;
    if (suspect === null) return '';
    return html`<p class="harness-suspect" data-reason=${suspect.reason}>
      <strong>Harness suspect</strong> (${SUSPECT_REASON_WORDS[suspect.reason]}): this failure may measure the harness, not the model.
      <span class="evidence">${suspect.evidence}</span>
    </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-suspect-label': LbSuspectLabel;
  }
}
