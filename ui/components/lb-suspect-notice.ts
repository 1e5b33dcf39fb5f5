import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { loadSurface } from '../data/load.ts';
import { suiteSuspects } from '../logic/harness-suspect.ts';
import './lb-notice.ts';

/**
 * A per-suite count of failed runs suspected of measuring the harness rather than the model
 * (verification.json `harness_suspects`), so a pass rate is never read without it. Renders
 * nothing when there are none, or when verification.json cannot be loaded.
 */
@customElement('lb-suspect-notice')
export class LbSuspectNotice extends LitElement {
  private readonly data = new Task(this, { task: () => loadSurface('verification.json'), args: () => [] });

  static styles = css`
    ul {
      margin: 0.3rem 0 0;
      padding-left: 1.2rem;
    }
  `;

  render() {
    return this.data.render({
      complete: (verification) => {
        const suites = suiteSuspects(verification.harness_suspects);
        if (suites.length === 0) return '';
        return html`<lb-notice id="suspect-notice">
          <strong>Suspected harness faults.</strong> These failures look caused by the harness that scored them, not by the model
          (docs/verification.md, "Harness suspects"); pass rates below count them as failures.
          <ul>
            ${suites.map((s) => html`<li data-suite=${s.experiment}>${s.experiment}: ${s.runs} ${s.runs === 1 ? 'run' : 'runs'} of ${s.models.join(', ')} — ${s.reasons.join('; ')}</li>`)}
          </ul>
        </lb-notice>`;
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-suspect-notice': LbSuspectNotice;
  }
}
