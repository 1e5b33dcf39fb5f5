import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { loadSurface } from '../data/load.ts';
import { integritySummaries } from '../logic/integrity.ts';
import { linkTo, type Route } from '../state/route.ts';
import './lb-notice.ts';

/**
 * A warning for models whose answers tampered with the grader (verification.json
 * `integrity_violations`): a model that games its tests is shown, not just counted as failing.
 * Renders nothing when there are none, or when verification.json cannot be loaded.
 */
@customElement('lb-integrity-notice')
export class LbIntegrityNotice extends LitElement {
  /** Only this model; every model when unset. */
  @property() model?: string;
  /** The current route, for links to the model pages and the raw file. */
  @property({ attribute: false }) route?: Route;

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
        const summaries = integritySummaries(verification.integrity_violations, this.model);
        if (summaries.length === 0) return '';
        const link = (model: string) => (this.route ? html`<a href=${linkTo(this.route, 'model', [model])}>${model}</a>` : model);
        return html`<lb-notice kind="error" id="integrity-notice">
          <strong>Grader tampering detected.</strong> These answers tried to forge a pass (patching the grader, inspecting its
          stack, or returning values that equal anything); each such run failed as <code>integrity_violation</code> and scores 0.
          <ul>
            ${summaries.map((s) => html`<li>${link(s.model)}: ${s.runs} ${s.runs === 1 ? 'run' : 'runs'} in ${s.suites.join(', ')}</li>`)}
          </ul>
        </lb-notice>`;
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-integrity-notice': LbIntegrityNotice;
  }
}
