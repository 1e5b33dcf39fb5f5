import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { customElement, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { loadSurface } from '../data/load.ts';
import { filterOptions } from '../logic/filters.ts';
import { navigate } from '../state/navigate.ts';
import { LANDING_VIEW, SHARED_FILTER_KEYS, filtersFromQuery, formatHash, linkTo, parseHash, withQuery, type Route } from '../state/route.ts';
import { NAV_VIEWS, VIEW_TABLE, navEntryOf, viewOf, type ViewName } from '../state/views.ts';
import { sharedStyles } from './styles.ts';
import { sweepLabel, sweepsInView } from '../logic/sweeps.ts';
import { PAIRED_RECOMPUTED, allSweepsReason } from '../state/sweep-scope.ts';
import { errorText } from '../views/view-element.ts';
import type { FilterChange } from './lb-filter-bar.ts';
import './lb-filter-bar.ts';
import './lb-notice.ts';
import { LbLeaderboardView } from '../views/lb-leaderboard-view.ts';
import { LbModelsView } from '../views/lb-models-view.ts';
import { LbModelView } from '../views/lb-model-view.ts';
import { LbTasksView } from '../views/lb-tasks-view.ts';
import { LbTaskView } from '../views/lb-task-view.ts';
import { LbHeatmapView } from '../views/lb-heatmap-view.ts';
import { LbPowerView } from '../views/lb-power-view.ts';
import { LbFailuresView } from '../views/lb-failures-view.ts';
import { LbParetoView } from '../views/lb-pareto-view.ts';
import { LbComparisonsView } from '../views/lb-comparisons-view.ts';
import { LbDualView } from '../views/lb-dual-view.ts';
import { LbPasskView } from '../views/lb-passk-view.ts';
import { LbRescoringView } from '../views/lb-rescoring-view.ts';
import { LbJudgeView } from '../views/lb-judge-view.ts';
import { LbJsonView } from '../views/lb-json-view.ts';
import { LbVerdictView } from '../views/lb-verdict-view.ts';
import { LbPairView } from '../views/lb-pair-view.ts';
import { LbRunView } from '../views/lb-run-view.ts';
import { LbSqlView } from '../views/lb-sql-view.ts';
import type { ViewElement } from '../views/view-element.ts';

/**
 * Each view's element class, by route: one entry per row of the view table (the type checker
 * requires every one), and importing the classes registers their tags.
 */
const VIEW_ELEMENTS: { readonly [View in ViewName]: typeof ViewElement } = {
  leaderboard: LbLeaderboardView,
  models: LbModelsView,
  model: LbModelView,
  tasks: LbTasksView,
  task: LbTaskView,
  heatmap: LbHeatmapView,
  power: LbPowerView,
  failures: LbFailuresView,
  pareto: LbParetoView,
  comparisons: LbComparisonsView,
  dual: LbDualView,
  passk: LbPasskView,
  rescoring: LbRescoringView,
  judge: LbJudgeView,
  json: LbJsonView,
  verdict: LbVerdictView,
  pair: LbPairView,
  run: LbRunView,
  sql: LbSqlView,
};

// A row naming another view's tag would render the wrong page: fail at load, not on a click.
for (const entry of VIEW_TABLE) {
  if (customElements.get(entry.element) !== VIEW_ELEMENTS[entry.route])
    throw new Error(`ui/state/views.ts: <${entry.element}> is not the element of #/${entry.route}`);
}

/**
 * The shell: reads the hash, shows navigation, the shared filters and the simulated-data
 * banner, and hands the route to the active view; every view comes from the one table in
 * ui/state/views.ts.
 */
@customElement('lb-app')
export class LbApp extends LitElement {
  @state() private route: Route = parseHash(location.hash);

  // Phones start with the filters folded: open, they push the data below the first screen.
  private readonly wide = window.matchMedia('(min-width: 700px)').matches;

  private readonly shell = new Task(this, { task: () => loadSurface('index.json'), args: () => [] });

  // The filter bar's choices; when this file is broken the views say so, and the bar is left out.
  private readonly choices = new Task(this, { task: () => loadSurface('model_rankings.json'), args: () => [] });

  // The sweep selector's list; an export without sweeps.json (older) gets no selector and says so.
  private readonly sweeps = new Task(this, { task: () => loadSurface('sweeps.json'), args: () => [] });

  static styles = [
    sharedStyles,
    css`
      header {
        border-bottom: 1px solid var(--lb-border);
        padding: 0.6rem 1rem 0.5rem;
        display: flex;
        flex-direction: column;
        gap: 0.45rem;
      }
      .title {
        display: flex;
        align-items: baseline;
        gap: 0.7rem;
        flex-wrap: wrap;
      }
      .title a {
        font-weight: 700;
        font-size: 1.15rem;
        color: var(--lb-fg);
        text-decoration: none;
      }
      nav ul {
        list-style: none;
        display: flex;
        flex-wrap: wrap;
        gap: 0.15rem 0.3rem;
        margin: 0;
        padding: 0;
      }
      nav a {
        display: inline-block;
        padding: 0.15rem 0.5rem;
        border-radius: 4px;
        text-decoration: none;
      }
      nav a[aria-current='page'] {
        background: var(--lb-link);
        color: var(--lb-bg);
      }
      details.filters summary {
        font-size: 0.85rem;
        color: var(--lb-muted);
        cursor: pointer;
        margin-bottom: 0.25rem;
      }
      @media (max-width: 600px) {
        .title .muted {
          display: none;
        }
      }
      .banner {
        background: var(--lb-warn-bg);
        color: var(--lb-warn-fg);
        border-bottom: 1px solid var(--lb-border);
        padding: 0.45rem 1rem;
        font-weight: 600;
      }
      main {
        padding: 0.6rem 1rem 2rem;
        max-width: 1500px;
      }
      footer {
        padding: 0.5rem 1rem 1.5rem;
        font-size: 0.85rem;
        color: var(--lb-muted);
      }
    `,
  ];

  private readonly onHashChange = () => {
    this.route = parseHash(location.hash);
  };

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
  }

  disconnectedCallback() {
    window.removeEventListener('hashchange', this.onHashChange);
    super.disconnectedCallback();
  }

  updated() {
    document.title = `${viewOf(this.route.view).title} · ledgerbench`;
  }

  private onFilter(event: FilterChange) {
    navigate(withQuery(this.route, { [event.detail.key]: event.detail.value }));
  }

  private view(): TemplateResult {
    const route = this.route;
    if (route.unknown !== undefined) {
      return html`<lb-notice kind="error">There is no view called “${route.unknown}”. Pick one from the navigation above.</lb-notice>`;
    }
    // The tag comes from the table, never from the URL: the route only selects a row.
    const tag = unsafeStatic(viewOf(route.view).element);
    return staticHtml`<${tag} .route=${route}></${tag}>`;
  }

  private header(): TemplateResult {
    const active = navEntryOf(this.route.view);
    const filters = filtersFromQuery(this.route.query);
    const rankings = this.choices.value;
    const options = rankings ? filterOptions(rankings.rows) : undefined;
    const activeFilters = SHARED_FILTER_KEYS.filter((key) => this.route.query[key] !== undefined);
    return html`<header>
      <div class="title">
        <a href=${linkTo(this.route, LANDING_VIEW)}>ledgerbench</a>
        <span class="muted">LLM benchmark ledger: quality, energy, tokens, time</span>
      </div>
      <nav aria-label="Views">
        <ul>
          ${NAV_VIEWS.map(
            (entry) => html`<li><a href=${linkTo(this.route, entry.route)} aria-current=${entry.route === active ? 'page' : 'false'}>${entry.title}</a></li>`,
          )}
        </ul>
      </nav>
      ${
        options
          ? html`<details class="filters" ?open=${this.wide}>
            <summary>Filters${activeFilters.length > 0 ? ` (${activeFilters.length} active)` : ''}</summary>
            <lb-filter-bar .options=${options} .filters=${filters} .sweeps=${this.sweeps.value?.rows ?? []} @lb-filter=${this.onFilter}></lb-filter-bar>
          </details>`
          : nothing
      }
      ${this.sweepScope(filters.sweeps)}
      ${
        activeFilters.length > 0
          ? html`<div class="note">
            Filtered by ${activeFilters.map((key) => html`<span class="chip">${key}=${this.route.query[key]}</span> `)}
            <a href=${formatHash({ view: this.route.view, args: this.route.args, query: {} })}>clear filters</a>
          </div>`
          : nothing
      }
    </header>`;
  }

  /** Which sweeps the page shows, on every page; and, where a view cannot filter by sweep, that its numbers are over all of them. */
  private sweepScope(selected: string[] | undefined) {
    const surface = this.sweeps.value;
    if (this.sweeps.error !== undefined && selected !== undefined) {
      return html`<lb-notice kind="error" id="sweep-scope">A sweep filter is set, but sweeps.json could not be read: ${errorText(this.sweeps.error)}</lb-notice>`;
    }
    if (surface === undefined) return nothing;
    const { shown, unknown } = sweepsInView(surface.rows, selected);
    const reason = selected === undefined ? null : allSweepsReason(this.route.view);
    const listed = shown.length <= 3 ? `: ${shown.map(sweepLabel).join('; ')}` : '';
    return html`<div class="note" id="sweep-scope">
        Sweeps in view: ${selected === undefined ? `all ${shown.length}` : `${shown.length} of ${surface.rows.length}`}${listed}.
        ${shown.some((sweep) => sweep.simulated) ? html`<span class="chip sim">simulated sweep in view</span>` : nothing}
        ${
          selected !== undefined && PAIRED_RECOMPUTED.has(this.route.view)
            ? html`<span id="sweep-recomputed">Paired statistics recomputed for the ${shown.length} selected sweeps.</span>`
            : nothing
        }
      </div>
      ${
        unknown.length > 0
          ? html`<lb-notice kind="error" id="sweep-unknown">No sweep called ${unknown.map((id) => `“${id}”`).join(', ')} in this export (sweeps.json): pick sweeps in the filters or clear the sweep filter.</lb-notice>`
          : nothing
      }
      ${
        reason !== null ? html`<lb-notice id="sweep-all">This page is over all sweeps, not only the ${shown.length} selected: ${reason}.</lb-notice>` : nothing
      }`;
  }

  private banner() {
    const index = this.shell.value;
    if (!index) return nothing;
    const simulated = index.generated_from.simulated_records;
    const hidden = filtersFromQuery(this.route.query).hideSimulated && this.route.view !== 'json';
    if (simulated === 0 || hidden) return nothing;
    return html`<div class="banner" role="status" id="sim-banner">
      Simulated data: ${simulated} of ${index.generated_from.records} records come from the built-in simulator, not a real model or GPU.
      Their numbers show how the tool works, not how any model performs.
    </div>`;
  }

  private footer() {
    const index = this.shell.value;
    if (!index) return nothing;
    const { accepted, rejected, duplicates } = index.counts;
    return html`<footer>
      Built from ${index.generated_from.ledger_files} ledger file(s): ${accepted} accepted, ${rejected} rejected, ${duplicates} duplicate record(s)
      (<a href=${linkTo(this.route, 'json', ['verification.json'])}>verification</a>). Ledgers sha256
      <code>${index.generated_from.ledgers_sha256.slice(0, 12)}</code>.
    </footer>`;
  }

  render() {
    return html`${this.header()}${this.banner()}
      <main>
        ${this.shell.render({
          pending: () => html`<p class="muted">Loading data…</p>`,
          error: (error) => html`<lb-notice kind="error">${error instanceof Error ? error.message : String(error)}</lb-notice>`,
          complete: () => this.view(),
        })}
      </main>
      ${this.footer()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-app': LbApp;
  }
}
