import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatHash, rawDataHref } from '../state/route.ts';

/** The "JSON" links every view carries: the exact surface files it reads, raw and in the browser. */
@customElement('lb-json-links')
export class LbJsonLinks extends LitElement {
  /** Files relative to data/, e.g. `model_rankings.json`. */
  @property({ type: Array }) files: string[] = [];

  static styles = css`
    :host {
      display: block;
      font-size: 0.85rem;
      color: var(--lb-muted);
      margin: 0.2rem 0 0.6rem;
    }
    a {
      color: var(--lb-link);
      margin-right: 0.2rem;
    }
    a:focus-visible {
      outline: 3px solid var(--lb-focus);
      outline-offset: 2px;
    }
  `;

  render() {
    return html`JSON:
      ${this.files.map(
        (file) =>
          html`<span class="file"
            ><a href=${rawDataHref(file)} data-raw=${file}>${file}</a>
            (<a href=${formatHash({ view: 'json', args: [file], query: {} })}>browse</a>)</span
          > `,
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-json-links': LbJsonLinks;
  }
}
