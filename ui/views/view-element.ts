import { LitElement, html } from 'lit';
import type { Task } from '@lit/task';
import { property } from 'lit/decorators.js';
import { navigate } from '../state/navigate.ts';
import { LANDING_VIEW, filtersFromQuery, withQuery, type Filters, type Route } from '../state/route.ts';
import { formatSort, parseSort, type SortState } from '../logic/sort.ts';
import { sharedStyles } from '../components/styles.ts';

/** What every view shares: the route it shows, its filters, and writing state back to the hash. */
export class ViewElement extends LitElement {
  /** The parsed hash; the shell sets it on every navigation. */
  @property({ attribute: false }) route: Route = { view: LANDING_VIEW, args: [], query: {} };

  static styles = [sharedStyles];

  protected get filters(): Filters {
    return filtersFromQuery(this.route.query);
  }

  /** Sets view-local query keys; `replace` for per-keystroke state such as search text. */
  protected setQuery(patch: Record<string, string | undefined>, replace = false): void {
    navigate(withQuery(this.route, patch), { replace });
  }

  protected sortState(key = 'sort'): SortState | null {
    return parseSort(this.route.query[key]);
  }

  protected onSort(event: CustomEvent<SortState>, key = 'sort'): void {
    this.setQuery({ [key]: formatSort(event.detail) });
  }
}

/** The message for a failed load, whatever was thrown. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A view's data task in its three states, the same everywhere: a loading line, the error, the content. */
export function renderLoaded<T>(task: Task<readonly unknown[], T>, complete: (value: T) => unknown, loading = 'Loading…'): unknown {
  return task.render({
    pending: () => html`<p class="muted">${loading}</p>`,
    error: (error) => html`<lb-notice kind="error">${errorText(error)}</lb-notice>`,
    complete,
  });
}
