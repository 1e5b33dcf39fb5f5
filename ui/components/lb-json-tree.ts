import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatPath, leafPreview, pageBounds, parsePath, searchJson, valueAt, type PathPart } from '../logic/json-path.ts';
import { runLinkOf } from '../logic/json-run-link.ts';
import { formatHash } from '../state/route.ts';
import { sharedStyles } from './styles.ts';

/** Children shown per page of a large array. */
export const ARRAY_PAGE = 100;

/**
 * A collapsible tree over any JSON value, with search and "copy path". Every key and value is
 * rendered as text; large arrays are paged so a 10,000-row surface opens instantly.
 *
 * `node` is the current node's path, which the page keeps in its URL: opening a link with it, or
 * going back or forward to it, shows the tree opened down to that node and nothing else. Expanding,
 * collapsing or revealing a node fires `node-change` with the new current path.
 */
@customElement('lb-json-tree')
export class LbJsonTree extends LitElement {
  /** The parsed JSON to show. */
  @property({ attribute: false }) value: unknown = null;
  /** Search text: lists matching paths above the tree. */
  @property() query = '';
  /** The current node's path (`rows[3].run_id`); `''` is the root. */
  @property() node = '';

  @state() private expanded = new Set<string>(['']);
  @state() private pages = new Map<string, number>();
  @state() private copied = '';
  /** The last path this tree announced: when `node` comes back as it, the tree is already showing it. */
  private announced: string | null = null;

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
      li.current > .key,
      li.current > .value {
        background: var(--lb-warn-bg);
        color: var(--lb-warn-fg);
        outline: 1px solid var(--lb-warn-fg);
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

  /** The node a `node` path names, if this value has it. */
  private target(): PathPart[] | null {
    const parts = parsePath(this.node);
    return parts !== null && valueAt(this.value, parts).found ? parts : null;
  }

  protected willUpdate(changed: PropertyValues<this>) {
    if (!changed.has('node') && !changed.has('value')) return;
    if (this.node === this.announced && !changed.has('value')) return;
    // A node arriving from outside (a link, back, forward): show the way to it and nothing else.
    this.announced = this.node;
    this.expanded = new Set(['']);
    this.pages = new Map();
    const parts = this.target();
    if (parts !== null) this.open(parts, true);
  }

  protected updated(changed: PropertyValues<this>) {
    if (!changed.has('node') && !changed.has('value')) return;
    // The node's own line, not its subtree: an open array is taller than the screen.
    const current = this.renderRoot.querySelector('li.current > .key');
    current?.scrollIntoView({ block: 'nearest' });
  }

  private announce(path: string) {
    this.announced = path;
    this.node = path;
    this.dispatchEvent(new CustomEvent('node-change', { detail: path, bubbles: true, composed: true }));
  }

  private toggle(parts: readonly PathPart[]) {
    const key = formatPath(parts);
    const next = new Set(this.expanded);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    this.expanded = next;
    // Collapsing a node makes its parent the current node; expanding makes it the current one.
    this.announce(next.has(key) ? key : formatPath(parts.slice(0, -1)));
  }

  /** Expands every ancestor of a node (and the node itself with `self`), turning array pages so it is on screen. */
  private open(parts: readonly PathPart[], self: boolean) {
    const expanded = new Set(this.expanded);
    const pages = new Map(this.pages);
    for (let i = 0; i < parts.length; i++) {
      const parent = formatPath(parts.slice(0, i));
      expanded.add(parent);
      const part = parts[i];
      if (typeof part === 'number') pages.set(parent, Math.floor(part / ARRAY_PAGE));
    }
    if (self) expanded.add(formatPath(parts));
    this.expanded = expanded;
    this.pages = pages;
  }

  /** Opens the tree down to a search match and makes it the current node. */
  reveal(parts: readonly PathPart[]) {
    this.open(parts, false);
    this.announce(formatPath(parts));
  }

  private setPage(key: string, page: number) {
    this.pages = new Map(this.pages).set(key, page);
  }

  /** A leaf, as a link to the run view when it is a run id (see ui/logic/json-run-link.ts). */
  private leaf(value: unknown, parts: readonly PathPart[]) {
    const link = runLinkOf(this.value, parts);
    const text = leafPreview(value);
    if (link === null) return html`<span class="value">${text}</span>`;
    const query: Record<string, string> = link.task === null ? {} : { task: link.task };
    return html`<a class="value run-link" href=${formatHash({ view: 'run', args: [link.runId], query })} title="The run record">${text}</a>`;
  }

  private renderNode(label: PathPart | null, value: unknown, parts: PathPart[]): TemplateResult {
    const path = formatPath(parts);
    const isContainer = value !== null && typeof value === 'object';
    const open = this.expanded.has(path);
    const isCurrent = path === this.node && path !== '';
    const current = isCurrent ? 'current' : nothing;
    const ariaCurrent = isCurrent ? 'location' : nothing;
    const keyText =
      label === null ? html`<span class="key">(root)</span>` : html`<span class="key">${typeof label === 'number' ? `[${label}]` : label}</span>:`;
    const copy = html`<button type="button" class="copy" data-path=${path} aria-label=${`Copy path ${path || '(root)'}`} @click=${() => this.copy(path)}>copy path</button>`;
    if (!isContainer) return html`<li data-path=${path} class=${current} aria-current=${ariaCurrent}>${keyText} ${this.leaf(value, parts)}${copy}</li>`;
    return html`<li data-path=${path} class=${current} aria-current=${ariaCurrent}>
      <button type="button" class="toggle" aria-expanded=${open ? 'true' : 'false'} aria-label=${`${open ? 'Collapse' : 'Expand'} ${path || 'root'}`} @click=${() => this.toggle(parts)}>
        ${open ? '▾' : '▸'}
      </button>
      ${keyText} <span class="muted">${leafPreview(value)}</span>${copy} ${open ? this.branch(value as object, parts, path) : nothing}
    </li>`;
  }

  private branch(value: object, parts: PathPart[], path: string): TemplateResult {
    if (!Array.isArray(value)) {
      return html`<ul>
        ${Object.entries(value).map(([key, child]) => this.renderNode(key, child, [...parts, key]))}
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
        ${items.map((child, i) => this.renderNode(bounds.start + i, child, [...parts, bounds.start + i]))}
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
    const missing =
      this.node !== '' && this.target() === null
        ? html`<p class="note" id="node-missing" role="status">This file has no node <code>${this.node}</code>: the link names a path that is not in it. Showing the top of the file.</p>`
        : nothing;
    return html`${missing}<p class="status" role="status" id="copy-status">${this.copied ? html`Copied path: <code>${this.copied}</code>` : nothing}</p>
      ${this.matchList()}
      <ul class="tree" style="padding-left:0">
        ${this.renderNode(null, this.value, [])}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-json-tree': LbJsonTree;
  }
}
