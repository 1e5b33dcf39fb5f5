import { css, html, nothing, type TemplateResult } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { comparisonsInView, rankingsInView } from '../data/sweep-scoped.ts';
import { applyFilters } from '../logic/filters.ts';
import { formatRate, powerLabel } from '../logic/format.ts';
import { armsOf, chooseLeaderboard, leaderboardRows, powersOf, suitesOf, type LeaderboardChoice } from '../logic/leaderboard.ts';
import { formatRank, leaders, pairedLookup, type PairedRow } from '../logic/ranks.ts';
import { linkTo, parseSweeps } from '../state/route.ts';
import type { ModelRankingRow } from '../../schema/surfaces/model-rankings.ts';
import { ViewElement, errorText, renderLoaded } from './view-element.ts';
import '../components/lb-json-links.ts';
import '../components/lb-notice.ts';
import '../components/lb-integrity-notice.ts';
import '../components/lb-suspect-notice.ts';
import '../components/lb-judge-note.ts';
import { COLUMNS, DEFAULT_COLUMNS, RANK_RULE, type Column, type Entry } from './leaderboard-columns.ts';

interface Loaded {
  rankings: ModelRankingRow[];
  paired: PairedRow[];
  /** Why comparisons.json could not be read; ranks then use interval overlap only. */
  pairedError: string | null;
}

async function load(sweeps: string[] | undefined): Promise<Loaded> {
  // Both fetched at once: the landing view waits for the slower of the two, not their sum.
  // A sweep subset's verdicts are recomputed from its pairs (ui/logic/sweep-paired.ts); only model pairs rank.
  const paired: Promise<Pick<Loaded, 'paired' | 'pairedError'>> = comparisonsInView(sweeps, (spec) => spec.kind === 'model').then(
    (comparisons) => ({ paired: comparisons.rows, pairedError: null }),
    (error: unknown) => ({ paired: [], pairedError: errorText(error) }),
  );
  const rankings = await rankingsInView(sweeps);
  return { rankings, ...(await paired) };
}

/** `#/leaderboard` (the landing view): one ranked row per model for a suite, arm and power level, and every suite's leaders. */
@customElement('lb-leaderboard-view')
export class LbLeaderboardView extends ViewElement {
  private readonly data = new Task(this, { task: ([sweep]) => load(parseSweeps(sweep)), args: () => [this.route.query.sweep] });

  static styles = [
    ...ViewElement.styles,
    css`
      .board {
        overflow-x: auto;
        max-width: 100%;
        border: 1px solid var(--lb-border);
      }
      .board tr > :first-child {
        position: sticky;
        left: 0;
        z-index: 1;
        background: var(--lb-bg);
        min-width: 9rem;
        max-width: 14rem;
        overflow-wrap: anywhere;
        box-shadow: 1px 0 0 var(--lb-border);
      }
      .board thead th:first-child {
        background: var(--lb-surface);
        z-index: 2;
      }
      .board td,
      .board thead th {
        white-space: nowrap;
      }
      .board tbody th {
        font-weight: 400;
      }
      .rank {
        display: inline-block;
        min-width: 2.2rem;
        font-weight: 700;
        cursor: help;
      }
      .bar,
      .axis {
        display: block;
        line-height: 0;
        margin-top: 0.2rem;
      }
      .switcher {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem;
        margin: 0.4rem 0;
      }
      .switcher a {
        padding: 0.15rem 0.55rem;
        border: 1px solid var(--lb-border);
        border-radius: 4px;
        text-decoration: none;
      }
      .switcher a[aria-current='page'] {
        background: var(--lb-link);
        color: var(--lb-bg);
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 1rem;
        align-items: center;
        margin: 0.4rem 0;
      }
      #leaders li {
        margin: 0.2rem 0;
      }
      details.columns label {
        display: inline-block;
        margin-right: 0.8rem;
      }
    `,
  ];

  private shownColumns(): readonly Column[] {
    const wanted = this.route.query.cols?.split(',') ?? DEFAULT_COLUMNS;
    return COLUMNS.filter((column) => wanted.includes(column.id));
  }

  private toggleColumn(id: string, on: boolean) {
    const current = this.shownColumns().map((column) => column.id);
    const next = COLUMNS.map((column) => column.id).filter((c) => (c === id ? on : current.includes(c)));
    const same = next.length === DEFAULT_COLUMNS.length && next.every((c, i) => c === DEFAULT_COLUMNS[i]);
    // `-` keeps "no optional column" distinct from "the default set" in the URL.
    this.setQuery({ cols: same ? undefined : next.join(',') || '-' });
  }

  private rankCell(entry: Entry) {
    const detail = entry.pairedWith > 0 ? `Paired test used against ${entry.pairedWith} model(s).` : 'No paired data here: interval overlap decides.';
    return html`<span class="rank" title=${`${RANK_RULE} ${detail}`}>${formatRank(entry)}</span>`;
  }

  private modelCell(entry: Entry) {
    return html`${this.rankCell(entry)}<a href=${linkTo(this.route, 'model', [entry.row.model])}>${entry.row.model}</a>${
      entry.row.simulated ? html` <span class="chip sim" title="from the built-in simulator, not a real model">sim</span>` : nothing
    }`;
  }

  private overview(rows: readonly ModelRankingRow[], paired: readonly PairedRow[]) {
    const items = suitesOf(rows).map((experiment) => {
      const choice = chooseLeaderboard(rows, { experiment })!;
      const ranked = leaderboardRows(rows, choice, pairedLookup(paired, choice));
      const top = leaders(ranked);
      const first = top[0];
      if (first === undefined) return html`<li><strong>${experiment}</strong>: no answered runs at arm ${choice.arm}, ${powerLabel(choice.power)}</li>`;
      const shared = top.length > 1 || first.worst > 1;
      return html`<li data-suite=${experiment}>
        <a href=${linkTo(this.route, 'leaderboard', [], { experiment })}><strong>${experiment}</strong></a>:
        ${top.map((entry, i) => html`${i > 0 ? ', ' : ''}<span class="leader">${entry.row.model}</span>`)}
        — rank <span class="rank" title=${RANK_RULE}>${formatRank(first)}</span>${shared ? ' (shared: cannot be told apart)' : ''},
        ${formatRate(first.row.rate)} of runs passed · arm ${choice.arm} · ${powerLabel(choice.power)}
      </li>`;
    });
    return html`<section aria-labelledby="leaders-title">
      <h3 id="leaders-title">Leaders by suite</h3>
      <ul id="leaders">${items}</ul>
    </section>`;
  }

  private controls(rows: readonly ModelRankingRow[], choice: LeaderboardChoice) {
    const suites = suitesOf(rows);
    const arms = armsOf(rows, choice.experiment);
    const powers = powersOf(rows, choice.experiment, choice.arm);
    return html`<nav class="switcher" aria-label="Suites" id="suite-switcher">
        ${suites.map(
          (suite) =>
            html`<a href=${linkTo(this.route, 'leaderboard', [], { ...this.localQuery(), experiment: suite })} aria-current=${suite === choice.experiment ? 'page' : 'false'}
              >${suite}</a
            >`,
        )}
      </nav>
      <div class="controls">
        <label
          >Arm
          <select id="arm-select" @change=${(event: Event) => this.setQuery({ arm: (event.target as HTMLSelectElement).value })}>
            ${arms.map((arm) => html`<option value=${arm} ?selected=${arm === choice.arm}>${arm}</option>`)}
          </select></label
        >
        <label
          >Power level
          <select id="power-select" @change=${(event: Event) => this.setQuery({ power: (event.target as HTMLSelectElement).value })}>
            ${powers.map((power, i) => html`<option value=${power} ?selected=${power === choice.power}>${powerLabel(power)}${i === 0 ? ' (highest)' : ''}</option>`)}
          </select></label
        >
      </div>
      <p id="leaderboard-choice">
        Showing suite <strong>${choice.experiment}</strong> · arm <strong>${choice.arm}</strong>${choice.armDefaulted ? ' (default)' : ''} · power level
        <strong>${powerLabel(choice.power)}</strong>${choice.powerDefaulted ? ' (highest measured)' : ''}
      </p>`;
  }

  /** The view-local keys a suite link keeps (the column choice), beside the shared filters. */
  private localQuery(): Record<string, string> {
    return this.route.query.cols === undefined ? {} : { cols: this.route.query.cols };
  }

  private chooser(shown: readonly Column[]) {
    return html`<details class="columns" id="column-chooser">
      <summary>Columns (${shown.length} of ${COLUMNS.length} shown)</summary>
      ${COLUMNS.map(
        (column) =>
          html`<label><input type="checkbox" data-column=${column.id} .checked=${shown.includes(column)}
              @change=${(event: Event) => this.toggleColumn(column.id, (event.target as HTMLInputElement).checked)} />
            ${column.label}</label>`,
      )}
    </details>`;
  }

  private table(ranked: readonly Entry[], choice: LeaderboardChoice): TemplateResult {
    const shown = this.shownColumns();
    return html`<div class="board" tabindex="0" role="region" aria-label="Leaderboard">
      <table id="leaderboard-table">
        <caption class="sr-only">${`${ranked.length} models on ${choice.experiment}, sorted by run pass rate`}</caption>
        <thead>
          <tr>
            <th scope="col" title=${RANK_RULE}>Rank · Model</th>
            ${shown.map(
              (column) => html`<th scope="col" data-column=${column.id} title=${column.title ?? nothing}>
                ${column.label}<br /><span class="muted">${column.unit}</span>${column.header ? column.header() : nothing}
              </th>`,
            )}
          </tr>
        </thead>
        <tbody>
          ${ranked.map(
            (entry) => html`<tr data-model=${entry.row.model}>
              <th scope="row">${this.modelCell(entry)}</th>
              ${shown.map((column) => html`<td data-column=${column.id}>${column.cell(entry)}</td>`)}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private content({ rankings, paired, pairedError }: Loaded) {
    // Suite, arm and power level choose the board (defaulting where the URL names none); the other shared filters narrow it.
    const { experiment, arm, power, ...narrowing } = this.filters;
    const rows = applyFilters(rankings, narrowing);
    if (rankings.length === 0 && this.filters.sweeps !== undefined) {
      return html`<lb-notice id="empty-leaderboard">No runs in the sweeps in view: pick other sweeps or clear the sweep filter.</lb-notice>`;
    }
    if (rankings.length === 0) {
      return html`<lb-notice id="empty-leaderboard">No leaderboard to show: model_rankings.json has no rows. Run a sweep (bash run_me.sh --models …) and rebuild data/.</lb-notice>`;
    }
    if (rows.length === 0) {
      return html`<lb-notice id="empty-leaderboard">No model row matches the GPU, model-family or hide-simulated filter (${rankings.length} rows in total). Clear a filter above.</lb-notice>`;
    }
    const choice = chooseLeaderboard(rows, { experiment, arm, power })!;
    const ranked = leaderboardRows(rows, choice, pairedLookup(paired, choice));
    return html`${this.overview(rows, paired)}
      <h3>Suite ${choice.experiment}</h3>
      ${
        experiment !== undefined && experiment !== choice.experiment
          ? html`<lb-notice id="unknown-suite">No model row for suite “${experiment}” with these filters: showing suite ${choice.experiment}; pick a suite below.</lb-notice>`
          : nothing
      }
      ${this.controls(rows, choice)}
      ${pairedError === null ? nothing : html`<p class="note" id="paired-missing">Shared ranks use interval overlap only: ${pairedError}</p>`}
      ${this.chooser(this.shownColumns())}
      ${
        ranked.length === 0
          ? html`<lb-notice id="empty-suite">No model ran suite ${choice.experiment} at arm ${choice.arm} and ${powerLabel(choice.power)}.</lb-notice>`
          : this.table(ranked, choice)
      }
      <lb-judge-note .experiment=${choice.experiment}></lb-judge-note>
      <p class="note">
        Sorted by run pass rate. Each row pools the model’s model_rankings rows at this suite, arm and power level (across GPUs) by adding
        their sums; “per passed task” is what the runs spent ÷ the runs that passed. ${RANK_RULE}
      </p>`;
  }

  render() {
    return html`<h2>Leaderboard</h2>
      <lb-json-links .files=${['model_rankings.json', 'comparisons.json']}></lb-json-links>
      <lb-integrity-notice .route=${this.route}></lb-integrity-notice>
      <lb-suspect-notice></lb-suspect-notice>
      ${renderLoaded(this.data, (loaded) => this.content(loaded), 'Loading model_rankings.json…')}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-leaderboard-view': LbLeaderboardView;
  }
}
