import { css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { loadRunsForTasks, loadSurface } from '../data/load.ts';
import { runPowerLevel } from '../logic/filters.ts';
import { formatNumber, powerLabel, responseText } from '../logic/format.ts';
import { importedChip } from '../components/lb-origin.ts';
import { diffLines, type DiffLine } from '../logic/line-diff.ts';
import { pairTaskRuns, type RunPairing } from '../logic/task-pair.ts';
import { comparisonArgs, linkTo, parsePairArgs, type ComparisonKey } from '../state/route.ts';
import { sharedStyles } from '../components/styles.ts';
import { printModelSpec } from '../../core/model-spec.ts';
import type { RunRecord } from '../../schema/run-record.ts';
import { ViewElement, renderLoaded } from './view-element.ts';
import '../components/lb-json-links.ts';
import '../components/lb-notice.ts';
import '../components/lb-suspect-label.ts';

function side(model: string, power: string): string {
  return power === 'default' ? model : `${model} @ ${powerLabel(power)}`;
}

const onSide = (run: RunRecord, model: string, arm: string, power: string) =>
  printModelSpec(run.model) === model && run.arm === arm && runPowerLevel(run) === power;

function energyText(run: RunRecord): string {
  return run.energy.joules === null || !run.energy.valid
    ? `not measured (${run.energy.reason ?? run.energy.method})`
    : `${formatNumber(run.energy.joules, 1)} J`;
}

/** `#/pair/<comparison>/<task id>`: both sides' responses to one task, paired repeat by repeat, differing lines marked. */
@customElement('lb-pair-view')
export class LbPairView extends ViewElement {
  private readonly data = new Task(this, {
    task: async ([experiment, taskId]: readonly [string, string]) => {
      const [comparisons, runs] = await Promise.all([loadSurface('comparisons.json'), loadRunsForTasks([`${experiment}/${taskId}`])]);
      return { comparisons, runs };
    },
    args: () => {
      const parsed = parsePairArgs(this.route.args);
      return [parsed?.key.experiment ?? '', parsed?.taskId ?? ''] as const;
    },
  });

  static styles = [
    sharedStyles,
    css`
      .pair {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        gap: 0.6rem;
        margin: 0.6rem 0 1.2rem;
      }
      article {
        border: 1px solid var(--lb-border);
        border-radius: 6px;
        padding: 0.5rem 0.7rem;
        min-width: 0;
      }
      pre.response {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .line.changed {
        background: var(--lb-error-bg);
        color: var(--lb-error-fg);
        display: block;
      }
      .line {
        display: block;
        min-height: 1.2em;
      }
      dl {
        display: flex;
        flex-wrap: wrap;
        gap: 0.2rem 1rem;
        font-size: 0.86rem;
        margin: 0.3rem 0;
      }
      dt {
        color: var(--lb-muted);
      }
      dd {
        margin: 0;
      }
      dl > div {
        display: flex;
        gap: 0.3rem;
      }
      @media (max-width: 640px) {
        .pair {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `,
  ];

  private cell(run: RunRecord, lines: readonly DiffLine[], role: string) {
    return html`<article class="side" data-run-id=${run.run_id} data-role=${role}>
      <header>
        <strong>${printModelSpec(run.model)}</strong>
        <span class=${run.evaluation.passed ? 'chip good' : 'chip bad'}>${run.evaluation.passed ? 'passed' : 'failed'}</span>
        ${importedChip(run)}
        <a class="run-link" href=${linkTo(this.route, 'run', [run.run_id])}>run <code>${run.run_id}</code></a>
      </header>
      ${run.failure ? html`<p><strong>${run.failure.class}</strong>: ${run.failure.message}</p>` : nothing}
      <lb-suspect-label .run=${run}></lb-suspect-label>
      <dl>
        <div><dt>Score</dt><dd>${run.evaluation.score.toFixed(2)}</dd></div>
        <div><dt>Output tokens</dt><dd>${run.tokens.output ?? '—'}</dd></div>
        <div><dt>Wall time</dt><dd>${run.timing.wall_ms === null ? 'not recorded' : `${formatNumber(run.timing.wall_ms, 0)} ms`}</dd></div>
        <div><dt>Energy</dt><dd>${energyText(run)}</dd></div>
      </dl>
      ${
        run.evaluation.checks && run.evaluation.checks.length > 0
          ? html`<ul class="checks">
            ${run.evaluation.checks.map(
              (check) =>
                html`<li><span class=${check.passed ? 'chip good' : 'chip bad'}>${check.passed ? 'pass' : 'fail'}</span> ${check.name}${check.detail ? html`: ${check.detail}` : nothing}</li>`,
            )}
          </ul>`
          : nothing
      }
      <pre class="response">${lines.map((line) => html`<span class=${line.changed ? 'line changed' : 'line'}>${line.text}</span>`)}</pre>
    </article>`;
  }

  private pair(pair: RunPairing) {
    const diff = diffLines(responseText(pair.original.response.text), responseText(pair.candidate.response.text));
    return html`<h3>Repeat ${pair.repeat}${pair.sample === 0 ? '' : `, sample ${pair.sample}`} <span class="muted">${diff.changedLines} differing lines</span></h3>
      <div class="pair">${this.cell(pair.original, diff.left, 'original')}${this.cell(pair.candidate, diff.right, 'candidate')}</div>`;
  }

  private content(loaded: { runs: RunRecord[] }, key: ComparisonKey, taskId: string) {
    // The sweeps in view only: a key recorded again in an unselected sweep must not supersede the selected one.
    const sweeps = this.filters.sweeps;
    const inView = sweeps === undefined ? loaded.runs : loaded.runs.filter((run) => sweeps.includes(run.sweep_id));
    const original = inView.filter((run) => onSide(run, key.original, key.arm, key.originalPowerLevel));
    const candidate = inView.filter((run) => onSide(run, key.candidate, key.arm, key.candidatePowerLevel));
    const pairing = pairTaskRuns(original, candidate);
    if (pairing.pairs.length === 0) {
      return html`<lb-notice id="no-pairs">Task ${taskId} has no paired runs of ${side(key.original, key.originalPowerLevel)} and ${side(key.candidate, key.candidatePowerLevel)} in ${sweeps === undefined ? 'this export' : `the ${sweeps.length} selected sweeps`} (${original.length} and ${candidate.length} runs).</lb-notice>`;
    }
    const outcome = (passed: boolean) => html`<span class=${passed ? 'chip good' : 'chip bad'}>${passed ? 'passes' : 'fails'}</span>`;
    return html`<p id="pair-outcome">
        Task outcome (majority of paired repeats, ties fail): original ${outcome(pairing.originalPassed)}, candidate ${outcome(pairing.candidatePassed)};
        ${pairing.pairs.length} paired repeats${pairing.unpaired > 0 ? `, ${pairing.unpaired} unpaired runs left out` : ''}.
      </p>
      <p class="muted">Lines marked in colour are not in the other response.</p>
      ${pairing.pairs.map((pair) => this.pair(pair))}`;
  }

  render() {
    const parsed = parsePairArgs(this.route.args);
    if (parsed === null) {
      return html`<h2>Side by side</h2><lb-notice id="bad-route">This link names no comparison and task: it needs original, candidate, suite, arm, both power levels and a task id.</lb-notice>`;
    }
    const { key, taskId } = parsed;
    return html`<p>
        <a href=${linkTo(this.route, 'verdict', comparisonArgs(key))}>← Verdict evidence</a> ·
        <a href=${linkTo(this.route, 'task', [key.experiment, taskId])}>every run of this task</a>
      </p>
      <h2>Task <span id="task-id">${taskId}</span>: ${side(key.original, key.originalPowerLevel)} ↔ ${side(key.candidate, key.candidatePowerLevel)}
        <span class="muted">in ${key.experiment} (${key.arm})</span></h2>
      ${renderLoaded(this.data, (loaded) => this.content(loaded, key, taskId), 'Loading the run shards for this task…')}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-pair-view': LbPairView;
  }
}
