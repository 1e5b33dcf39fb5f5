import { css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { loadRunsForTasks, loadSurface } from '../data/load.ts';
import { runMatchesFilters, runPowerLevel } from '../logic/filters.ts';
import { formatNumber, powerLabel, responseText } from '../logic/format.ts';
import { searchRuns } from '../logic/run-search.ts';
import { buildRunGrid, failureClassesOf, filterGridRows } from '../logic/run-grid.ts';
import { linkTo } from '../state/route.ts';
import { sharedStyles } from '../components/styles.ts';
import type { RunRecord } from '../../schema/run-record.ts';
import { ViewElement, renderLoaded } from './view-element.ts';
import '../components/lb-json-links.ts';
import '../components/lb-run-grid.ts';
import '../components/lb-notice.ts';
import '../components/lb-transcript.ts';
import { printModelSpec } from '../../core/model-spec.ts';

/** Grid rows a page: 8 rows of collapsed cells stay well under 5,000 px even with long answers. */
const ROWS_PER_PAGE = 8;

/**
 * `#/task/<experiment>/<task_id>`: every run of one task side by side, a grid of (arm, power
 * level, repeat) rows × model columns with collapsed responses that expand in place; filters
 * for failures, rows where the models disagree, and a failure class; paged by rows.
 */
@customElement('lb-task-view')
export class LbTaskView extends ViewElement {
  private readonly data = new Task(this, {
    task: async ([experiment, taskId]: readonly [string, string]) => {
      const [registry, rankings, index, runs] = await Promise.all([
        loadSurface('task_registry.json'),
        loadSurface('model_rankings.json'),
        loadSurface('index.json'),
        loadRunsForTasks([`${experiment}/${taskId}`]),
      ]);
      const shards = index.run_shards.filter((shard) => shard.tasks.includes(`${experiment}/${taskId}`)).map((shard) => shard.path);
      const definition = registry.rows.find((row) => row.experiment === experiment && row.task_id === taskId) ?? null;
      const familyOf = new Map(rankings.rows.map((row) => [row.model, row.model_family]));
      return { definition, runs, shards, familyOf };
    },
    args: () => [this.route.args[0] ?? '', this.route.args.slice(1).join('/')] as const,
  });

  static styles = [
    sharedStyles,
    css`
      article {
        border: 1px solid var(--lb-border);
        border-radius: 6px;
        padding: 0.5rem 0.7rem;
        margin: 0.7rem 0;
      }
      article.selected {
        border: 2px solid var(--lb-focus);
      }
      article header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem 0.8rem;
        align-items: baseline;
      }
      dl {
        display: flex;
        flex-wrap: wrap;
        gap: 0.2rem 1.2rem;
        margin: 0.4rem 0;
        font-size: 0.86rem;
      }
      dt {
        color: var(--lb-muted);
      }
      dd {
        margin: 0;
        font-variant-numeric: tabular-nums;
      }
      dl > div {
        display: flex;
        gap: 0.35rem;
      }
      ul.checks {
        margin: 0.2rem 0;
        padding-left: 1.2rem;
        font-size: 0.86rem;
      }
      .pager {
        display: flex;
        gap: 0.6rem;
        align-items: center;
      }
    `,
  ];

  private runLink(run: RunRecord) {
    return html`<a href=${linkTo(this.route, 'run', [run.run_id], { task: `${run.experiment}/${run.task.id}` })} class="muted run-link">run <code>${run.run_id}</code></a>`;
  }

  private run(run: RunRecord, selected: boolean) {
    const failure = run.failure;
    const energy =
      run.energy.joules === null || !run.energy.valid ? `not measured (${run.energy.reason ?? run.energy.method})` : `${formatNumber(run.energy.joules, 1)} J`;
    const speed = run.tokens.output !== null && run.timing.generation_ms ? run.tokens.output / (run.timing.generation_ms / 1000) : null;
    return html`<article class=${selected ? 'run selected' : 'run'} data-run-id=${run.run_id}>
      <header>
        <strong><a href=${linkTo(this.route, 'model', [printModelSpec(run.model)])}>${printModelSpec(run.model)}</a></strong>
        <span class=${run.evaluation.passed ? 'chip good' : 'chip bad'}>${run.evaluation.passed ? 'passed' : 'failed'}</span>
        ${run.simulated ? html`<span class="chip sim">simulated</span>` : nothing}
        <span>arm ${run.arm}</span><span>power ${powerLabel(runPowerLevel(run))}${run.power_limit.applied_w === null ? '' : ` (${run.power_limit.applied_w} W applied)`}</span>
        <span>repeat ${run.repeat}${run.sample !== undefined ? `, sample ${run.sample}` : ''}</span>
        ${this.runLink(run)}
      </header>
      ${failure ? html`<p class="failure"><span class="chip bad">${failure.stage}</span> <strong>${failure.class}</strong>: ${failure.message}</p>` : nothing}
      <dl>
        <div><dt>Score</dt><dd>${run.evaluation.score.toFixed(2)} (${run.evaluation.evaluator})</dd></div>
        ${run.evaluation.format_score !== undefined ? html`<div><dt>Format score</dt><dd>${run.evaluation.format_score.toFixed(2)}</dd></div>` : nothing}
        <div><dt>Output tokens</dt><dd>${run.tokens.output ?? '—'} tokens (${run.tokens.source})</dd></div>
        <div><dt>Prompt tokens</dt><dd>${run.tokens.prompt ?? '—'} tokens</dd></div>
        <div><dt>Wall time</dt><dd>${run.timing.wall_ms === null ? 'not recorded' : `${formatNumber(run.timing.wall_ms, 0)} ms`}</dd></div>
        <div><dt>Speed</dt><dd>${speed === null ? '—' : `${formatNumber(speed, 1)} tokens/s`}</dd></div>
        <div><dt>Energy</dt><dd>${energy}</dd></div>
        <div><dt>Cost</dt><dd>${run.cost.usd === null ? 'not priced' : `${formatNumber(run.cost.usd, 6)} USD`}</dd></div>
      </dl>
      ${
        run.evaluation.checks && run.evaluation.checks.length > 0
          ? html`<ul class="checks" aria-label="Evaluator checks">
            ${run.evaluation.checks.map(
              (check) =>
                html`<li><span class=${check.passed ? 'chip good' : 'chip bad'}>${check.passed ? 'pass' : 'fail'}</span> ${check.name}${check.detail ? html`: ${check.detail}` : nothing}</li>`,
            )}
          </ul>`
          : nothing
      }
      ${run.request ? html`<details><summary>Prompt</summary><pre class="prompt">${run.request.prompt}</pre></details>` : nothing}
      ${run.response.thinking ? html`<details><summary>Thinking</summary><pre>${run.response.thinking}</pre></details>` : nothing}
      ${run.agent ? html`<details class="transcript"><summary>Transcript (${run.agent.turns.length} turns)</summary><lb-transcript .trace=${run.agent} .failure=${run.failure}></lb-transcript></details>` : nothing}
      <div class="muted">Response (done: ${run.response.done_reason ?? 'unknown'})</div>
      <pre class="response">${responseText(run.response.text)}</pre>
    </article>`;
  }

  private content(loaded: {
    definition: { evaluator: string; success_definition: string; task_family: string } | null;
    runs: RunRecord[];
    shards: string[];
    familyOf: Map<string, string>;
  }) {
    const query = this.route.query;
    const failuresOnly = query.failures === '1';
    const disagree = query.disagree === '1';
    if (loaded.definition === null && loaded.runs.length === 0) {
      const [experiment, ...task] = this.route.args;
      return html`<lb-notice>No task '${task.join('/')}' in suite '${experiment ?? ''}' in this export. See <a href=${linkTo(this.route, 'tasks', [])}>all tasks</a>.</lb-notice>`;
    }
    const inScope = loaded.runs.filter((run) => runMatchesFilters(run, this.filters, loaded.familyOf));
    // Disagreement is judged over every model in scope, before the model and text filters narrow the cells.
    const grid = buildRunGrid(inScope);
    const models = grid.models.filter((model) => query.model === undefined || model === query.model);
    const matching = new Set(searchRuns(inScope, query.q ?? '').map((run) => run.run_id));
    const visible = (run: RunRecord) => matching.has(run.run_id) && (!failuresOnly || !run.evaluation.passed) && models.includes(printModelSpec(run.model));
    const rows = filterGridRows(grid.rows, { failuresOnly, disagree, failureClass: query.class }).filter((row) => [...row.cells.values()].some(visible));
    const shownRuns = rows.flatMap((row) => [...row.cells.values()].filter(visible));
    const passed = shownRuns.filter((run) => run.evaluation.passed).length;
    const pages = Math.max(1, Math.ceil(rows.length / ROWS_PER_PAGE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(query.page ?? '1', 10) || 1));
    const pageRows = rows.slice((page - 1) * ROWS_PER_PAGE, page * ROWS_PER_PAGE);
    const selected = query.run === undefined ? undefined : loaded.runs.find((run) => run.run_id === query.run);
    const classes = failureClassesOf(inScope);
    const check = (key: string) => (e: Event) => this.setQuery({ [key]: (e.target as HTMLInputElement).checked ? '1' : undefined, page: undefined });
    return html`
      <lb-json-links .files=${['task_registry.json', ...loaded.shards]}></lb-json-links>
      ${
        loaded.definition
          ? html`<p>
            Family <strong>${loaded.definition.task_family}</strong>, evaluator <code>${loaded.definition.evaluator}</code>. Success:
            ${loaded.definition.success_definition}
          </p>`
          : nothing
      }
      <div class="toolbar">
        <label><input type="checkbox" id="failures-only" .checked=${failuresOnly} @change=${check('failures')} /> Failures only</label>
        <label><input type="checkbox" id="disagree" .checked=${disagree} @change=${check('disagree')} /> Models disagree</label>
        <label
          >Failure class
          <select id="failure-class" @change=${(e: Event) => this.setQuery({ class: (e.target as HTMLSelectElement).value || undefined, page: undefined })}>
            <option value="" ?selected=${query.class === undefined}>any</option>
            ${classes.map((name) => html`<option .value=${name} ?selected=${name === query.class}>${name}</option>`)}
          </select></label
        >
        <label
          >Model
          <select id="model-select" @change=${(e: Event) => this.setQuery({ model: (e.target as HTMLSelectElement).value || undefined, page: undefined })}>
            <option value="" ?selected=${query.model === undefined}>all</option>
            ${grid.models.map((model) => html`<option .value=${model} ?selected=${model === query.model}>${model}</option>`)}
          </select></label
        >
        <label
          >Search responses
          <input
            type="search"
            id="response-search"
            .value=${query.q ?? ''}
            placeholder="text in a response"
            @input=${(e: Event) => this.setQuery({ q: (e.target as HTMLInputElement).value || undefined, page: undefined }, true)}
        /></label>
      </div>
      <p id="run-count">${shownRuns.length} of this task's ${loaded.runs.length} runs shown; ${passed} passed, ${shownRuns.length - passed} failed.</p>
      ${selected ? html`<h3>Selected run</h3>${this.run(selected, true)}<h3>All matching runs</h3>` : nothing}
      <h3>Responses side by side</h3>
      ${
        rows.length === 0
          ? html`<lb-notice>No runs match. Clear the search or a filter.</lb-notice>`
          : html`<lb-run-grid
            .route=${this.route}
            .models=${models}
            .rows=${pageRows}
            .visible=${visible}
            .selectedId=${query.run}
          ></lb-run-grid>`
      }
      ${
        pages > 1
          ? html`<nav class="pager" aria-label="Pages of rows">
            <button type="button" id="page-prev" ?disabled=${page <= 1} @click=${() => this.setQuery({ page: String(page - 1) })}>← Previous</button>
            <span id="page-status">Rows ${(page - 1) * ROWS_PER_PAGE + 1}–${Math.min(rows.length, page * ROWS_PER_PAGE)} of ${rows.length} (page ${page} of ${pages})</span>
            <button type="button" id="page-next" ?disabled=${page >= pages} @click=${() => this.setQuery({ page: String(page + 1) })}>Next →</button>
          </nav>`
          : nothing
      }
    `;
  }

  render() {
    const experiment = this.route.args[0] ?? '';
    const taskId = this.route.args.slice(1).join('/');
    return html`<p><a href=${linkTo(this.route, 'tasks')}>← All tasks</a></p>
      <h2>Task <span id="task-id">${taskId}</span> <span class="muted">in ${experiment}</span></h2>
      ${renderLoaded(this.data, (loaded) => this.content(loaded), 'Loading the run shards for this task…')}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-task-view': LbTaskView;
  }
}
