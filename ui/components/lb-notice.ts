import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/** A message box: a load error (with the command that fixes it), a missing optional surface, or a hint. */
@customElement('lb-notice')
export class LbNotice extends LitElement {
  /** `error` for a failure, `info` for "this export has no such file yet". */
  @property() kind: 'error' | 'info' = 'info';

  static styles = css`
    :host {
      display: block;
      margin: 0.8rem 0;
    }
    div {
      border: 1px solid var(--lb-border);
      border-left: 5px solid var(--lb-muted);
      border-radius: 4px;
      padding: 0.6rem 0.8rem;
      background: var(--lb-surface);
    }
    div.error {
      border-left-color: var(--lb-bad);
      background: var(--lb-error-bg);
      color: var(--lb-error-fg);
    }
  `;

  render() {
    return html`<div class=${this.kind} role=${this.kind === 'error' ? 'alert' : 'status'}><slot></slot></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-notice': LbNotice;
  }
}
