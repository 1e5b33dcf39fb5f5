import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatPath, leafPreview, pageBounds, searchJson, type PathPart } from '../logic/json-path.ts';
import { sharedStyles } from './styles.ts';

/** Children shown per page of a large array. */
export const ARRAY_PAGE = 100;

/**
 * A collapsible tree over any JSON value, with search and "copy path". Every key and value is
 * rendered as text; large arrays are paged so a 10,000-row surface opens instantly.
 */
@customElement('lb-json-tree')
export class LbJsonTree extends LitElement {
  /** The parsed JSON to show. */
  @property({ attribute: false }) value: unknown = null;
  /** Search text: lists matching paths above the tree. */
  @property() query = '';

  @state() private expanded = new Set<string>(['']);
  @state() private pages = new Map<string, number>();
  @state() private copied = '';

  static styles = [
    sharedStyles,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding-left: 1.1rem;
        font-family: var(--lb-mono);
        font-size: 0.83rem;
      }
      li {
        margin: 0.05rem 0;
      }
      .toggle {
        all: unset;
        cursor: pointer;
        width: 1.1rem;
        display: inline-block;
        text-align: center;
      }
      .toggle:focus-visible,
      .copy:focus-visible {
        outline: 3px solid var(--lb-focus);
      }
      .key {
        color: var(--lb-link);
      }
      .value {
        word-break: break-word;
        white-space: pre-wrap;
      }
      .copy {
        font-size: 0.72rem;
        padding: 0 0.3rem;
        margin-left: 0.4rem;
      }
      .pager {
        font-family: var(--lb-font);
        display: flex;
        gap: 0.5rem;
        align-items: center;
        margin: 0.2rem 0;
      }
      .matches li {
        font-family: var(--lb-mono);
      }
      .status {
        min-height: 1.3rem;
        font-size: 0.85rem;
      }
    `,
  ];

  private async copy(path: string) {
    this.copied = path;
    try {
      await navigator.clipboard.writeText(path);
    } catch {
      // No clipboard permission (file://, some browsers): the path is shown for copying by hand.
    }
  }

  private toggle(key: string) {
    const next = new Set(this.expanded);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    this.expanded = next;
  }

  /** Expands every ancestor of a node and turns array pages so the node is on screen. */
  reveal(parts: readonly PathPart[]) {
    const expanded = new Set(this.expanded);
    const pages = new Map(this.pages);
    for (let i = 0; i < parts.length; i++) {
      const parent = formatPath(parts.slice(0, i));
      expanded.add(parent);
      const part = parts[i];
      if (typeof part === 'number') pages.set(parent, Math.floor(part / ARRAY_PAGE));
    }
    this.expanded = expanded;
    this.pages = pages;
  }

  private setPage(key: string, page: number) {
    this.pages = new Map(this.pages).set(key, page);
  }

  private node(label: PathPart | null, value: unknown, parts: PathPart[]): TemplateResult {
    const path = formatPath(parts);
    const isContainer = value !== null && typeof value === 'object';
    const open = this.expanded.has(path);
    const keyText =
      label === null ? html`<span class="key">(root)</span>` : html`<span class="key">${typeof label === 'number' ? `[${label}]` : label}</span>:`;
    const copy = html`<button type="button" class="copy" data-path=${path} aria-label=${`Copy path ${path || '(root)'}`} @click=${() => this.copy(path)}>copy path</button>`;
    if (!isContainer) return html`<li data-path=${path}>${keyText} <span class="value">${leafPreview(value)}</span>${copy}</li>`;
    return html`<li data-path=${path}>
      <button type="button" class="toggle" aria-expanded=${open ? 'true' : 'false'} aria-label=${`${open ? 'Collapse' : 'Expand'} ${path || 'root'}`} @click=${() => this.toggle(path)}>
        ${open ? '▾' : '▸'}
      </button>
      ${keyText} <span class="muted">${leafPreview(value)}</span>${copy} ${open ? this.branch(value as object, parts, path) : nothing}
    </li>`;
  }

  private branch(value: object, parts: PathPart[], path: string): TemplateResult {
    if (!Array.isArray(value)) {
      return html`<ul>
        ${Object.entries(value).map(([key, child]) => this.node(key, child, [...parts, key]))}
      </ul>`;
    }
    const bounds = pageBounds(value.length, this.pages.get(path) ?? 0, ARRAY_PAGE);
    const items = value.slice(bounds.start, bounds.end);
    return html`${
      bounds.pages > 1
        ? html`<div class="pager">
            <button type="button" ?disabled=${bounds.page === 0} @click=${() => this.setPage(path, bounds.page - 1)}>previous ${ARRAY_PAGE}</button>
            <span>items ${bounds.start}–${bounds.end - 1} of ${value.length}</span>
            <button type="button" class="next-page" ?disabled=${bounds.page >= bounds.pages - 1} @click=${() => this.setPage(path, bounds.page + 1)}>next ${ARRAY_PAGE}</button>
          </div>`
        : nothing
    }
      <ul>
        ${items.map((child, i) => this.node(bounds.start + i, child, [...parts, bounds.start + i]))}
      </ul>`;
  }

  private matchList() {
    if (this.query.trim() === '') return nothing;
    const { matches, truncated } = searchJson(this.value, this.query.trim());
    return html`<div class="matches">
      <p class="note" id="match-count">${matches.length}${truncated ? '+' : ''} match(es) for “${this.query}”</p>
      <ul>
        ${matches.map(
          (match) => html`<li>
            <button type="button" class="reveal" @click=${() => this.reveal(match.parts)}>${match.path}</button>
            <span class="value">${match.preview}</span>
            <button type="button" class="copy" @click=${() => this.copy(match.path)}>copy path</button>
          </li>`,
        )}
      </ul>
    </div>`;
  }

  render() {
    return html`<p class="status" role="status" id="copy-status">${this.copied ? html`Copied path: <code>${this.copied}</code>` : nothing}</p>
      ${this.matchList()}
      <ul class="tree" style="padding-left:0">
        ${this.node(null, this.value, [])}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-json-tree': LbJsonTree;
  }
}
