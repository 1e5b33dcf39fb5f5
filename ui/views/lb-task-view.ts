import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { loadRunsForTasks, loadSurface } from '../data/load.ts';
import { runMatchesFilters, runPowerLevel } from '../logic/filters.ts';
import { formatNumber, powerLabel } from '../logic/format.ts';
import { searchRuns } from '../logic/run-search.ts';
import { linkTo } from '../state/route.ts';
import { sharedStyles } from '../components/styles.ts';
import type { RunRecord } from '../../schema/run-record.ts';
import { ViewElement, renderLoaded } from './view-element.ts';
import '../components/lb-json-links.ts';
import '../components/lb-notice.ts';
import { printModelSpec } from '../../core/model-spec.ts';

const PAGE = 50;

/** `#/task/<experiment>/<task_id>`: every run of one task with its full response, checks and metrics. */
@customElement('lb-task-view')
export class LbTaskView extends ViewElement {
  @state() private shown = PAGE;

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
    `,
  ];

  protected willUpdate(changed: Map<PropertyKey, unknown>) {
    if (changed.has('route')) {
      const previous = changed.get('route') as { args: string[]; query: Record<string, string> } | undefined;
      if (previous && (previous.args.join('/') !== this.route.args.join('/') || previous.query.q !== this.route.query.q)) this.shown = PAGE;
    }
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
        <a href=${linkTo(this.route, 'task', this.route.args, { run: run.run_id })} class="muted">run <code>${run.run_id}</code></a>
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
      <div class="muted">Response (done: ${run.response.done_reason ?? 'unknown'})</div>
      <pre class="response">${run.response.text}</pre>
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
    const filtered = loaded.runs.filter(
      (run) =>
        runMatchesFilters(run, this.filters, loaded.familyOf) &&
        (query.model === undefined || printModelSpec(run.model) === query.model) &&
        (!failuresOnly || !run.evaluation.passed),
    );
    const matching = searchRuns(filtered, query.q ?? '');
    const selected = query.run === undefined ? undefined : loaded.runs.find((run) => run.run_id === query.run);
    const models = [...new Set(loaded.runs.map((run) => printModelSpec(run.model)))].sort();
    const passed = matching.filter((run) => run.evaluation.passed).length;
    if (loaded.definition === null && loaded.runs.length === 0) {
      const [experiment, ...task] = this.route.args;
      return html`<lb-notice>No task '${task.join('/')}' in suite '${experiment ?? ''}' in this export. See <a href=${linkTo(this.route, 'tasks', [])}>all tasks</a>.</lb-notice>`;
    }
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
        <label><input type="checkbox" id="failures-only" .checked=${failuresOnly} @change=${(e: Event) => this.setQuery({ failures: (e.target as HTMLInputElement).checked ? '1' : undefined })} /> Failures only</label>
        <label
          >Model
          <select id="model-select" @change=${(e: Event) => this.setQuery({ model: (e.target as HTMLSelectElement).value || undefined })}>
            <option value="" ?selected=${query.model === undefined}>all</option>
            ${models.map((model) => html`<option .value=${model} ?selected=${model === query.model}>${model}</option>`)}
          </select></label
        >
        <label
          >Search responses
          <input
            type="search"
            id="response-search"
            .value=${query.q ?? ''}
            placeholder="text in a response"
            @input=${(e: Event) => this.setQuery({ q: (e.target as HTMLInputElement).value || undefined }, true)}
        /></label>
      </div>
      <p id="run-count">${matching.length} of this task's ${loaded.runs.length} runs shown; ${passed} passed, ${matching.length - passed} failed.</p>
      ${selected ? html`<h3>Selected run</h3>${this.run(selected, true)}<h3>All matching runs</h3>` : nothing}
      ${matching.length === 0 ? html`<lb-notice>No runs match. Clear the search or a filter.</lb-notice>` : nothing}
      ${matching.slice(0, this.shown).map((run) => this.run(run, run.run_id === query.run))}
      ${
        matching.length > this.shown
          ? html`<p><button type="button" @click=${() => (this.shown += PAGE)}>Show ${Math.min(PAGE, matching.length - this.shown)} more runs</button></p>`
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
