import { css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { comparisonsInView } from '../data/sweep-scoped.ts';
import type { ComparisonSpec } from '../../core/paired/paired-stats.ts';
import { formatNumber, formatPoints, formatRate, powerLabel } from '../logic/format.ts';
import { verdictTone } from '../logic/verdict.ts';
import { linkTo, pairArgs, parseComparisonArgs, parseSweeps, type ComparisonKey } from '../state/route.ts';
import type { ComparisonRow, Recommendation } from '../../schema/surfaces/comparisons.ts';
import { sharedStyles } from '../components/styles.ts';
import { ViewElement, renderLoaded } from './view-element.ts';
import '../components/lb-json-links.ts';
import '../components/lb-notice.ts';

function side(model: string, power: string): string {
  return power === 'default' ? model : `${model} @ ${powerLabel(power)}`;
}

const sameComparison = (row: ComparisonRow, key: ComparisonKey) =>
  row.original === key.original &&
  row.candidate === key.candidate &&
  row.experiment === key.experiment &&
  row.arm === key.arm &&
  row.original_power_level === key.originalPowerLevel &&
  row.candidate_power_level === key.candidatePowerLevel;

/**
 * The comparisons a verdict page needs recomputed for a sweep subset: its recommendation group
 * (same original, level, suite and arm: every candidate the recommendation weighs) and its Holm
 * family (same pair, levels and arm across suites), so both come out as the export's would.
 */
const neededFor = (key: ComparisonKey) => (spec: ComparisonSpec) =>
  (spec.original === key.original && spec.originalPowerLevel === key.originalPowerLevel && spec.experiment === key.experiment && spec.arm === key.arm) ||
  (spec.original === key.original &&
    spec.candidate === key.candidate &&
    spec.originalPowerLevel === key.originalPowerLevel &&
    spec.candidatePowerLevel === key.candidatePowerLevel &&
    spec.arm === key.arm);

/** "the candidate uses 180.0 J less per run (95% CI …)": a signed delta read as more or less. */
function deltaWords(delta: ComparisonRow['energy_delta_j'], digits: number, unit: string): string {
  if (delta === null) return 'not recorded on both sides of any pair';
  const direction = delta.mean < 0 ? 'less' : 'more';
  return `the candidate uses ${formatNumber(Math.abs(delta.mean), digits)} ${unit} ${direction} per run (95% CI ${formatNumber(delta.ci.low, digits)} to ${formatNumber(delta.ci.high, digits)})`;
}

function usd(value: number | null): string {
  return value === null ? 'not priced' : `${formatNumber(value * 1000, 4)} USD / 1k passes`;
}

/** `#/verdict/<original>/<candidate>/<suite>/<arm>/<original power>/<candidate power>`: the tasks that decided one comparison. */
@customElement('lb-verdict-view')
export class LbVerdictView extends ViewElement {
  private readonly data = new Task(this, {
    task: ([sweep, args]) => {
      const key = parseComparisonArgs(args);
      return comparisonsInView(parseSweeps(sweep), key === null ? () => false : neededFor(key));
    },
    args: () => [this.route.query.sweep, this.route.args] as const,
  });

  static styles = [
    sharedStyles,
    css`
      .counts {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
        gap: 0.5rem;
        margin: 0.6rem 0;
      }
      .counts div {
        border: 1px solid var(--lb-border);
        border-radius: 6px;
        padding: 0.4rem 0.6rem;
      }
      .counts strong {
        display: block;
        font-size: 1.4rem;
        font-variant-numeric: tabular-nums;
      }
      .lists {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
        gap: 1rem;
      }
      ul.tasks {
        columns: 12rem;
        padding-left: 1.2rem;
      }
      .reason {
        border-left: 3px solid var(--lb-border);
        padding-left: 0.7rem;
      }
    `,
  ];

  private taskList(id: string, title: string, key: ComparisonKey, tasks: readonly string[], total: number) {
    return html`<section>
      <h3>${title} <span class="muted">(${total} ${total === 1 ? 'task' : 'tasks'})</span></h3>
      ${
        tasks.length === 0
          ? html`<p class="muted">None.</p>`
          : html`<ul class="tasks" id=${id}>
            ${tasks.map((task) => html`<li><a href=${linkTo(this.route, 'pair', pairArgs(key, task))}>${task}</a></li>`)}
          </ul>`
      }
      ${tasks.length < total ? html`<p class="note">The first ${tasks.length} of ${total} by task id; comparisons.json lists no more.</p>` : nothing}
    </section>`;
  }

  private recommendation(row: ComparisonRow, recommendations: readonly Recommendation[]) {
    const entry = recommendations.find(
      (item) =>
        item.original === row.original && item.original_power_level === row.original_power_level && item.experiment === row.experiment && item.arm === row.arm,
    );
    const forThis =
      entry !== undefined && entry.candidate === row.candidate && (entry.candidate_power_level ?? row.original_power_level) === row.candidate_power_level;
    return html`<section id="recommendation">
      <h3>Recommendation</h3>
      ${entry === undefined ? html`<p class="muted">No recommendation for ${side(row.original, row.original_power_level)} in this suite.</p>` : html`<p>${entry.message}${forThis ? ' (this candidate)' : ''}</p>`}
      <ul>
        <li>Energy: ${deltaWords(row.energy_delta_j, 1, 'J')}.</li>
        <li>Money: cost per pass ${usd(row.original_usd_per_pass)} → ${usd(row.candidate_usd_per_pass)}; cost per run: ${deltaWords(row.cost_delta_usd, 6, 'USD')}.</li>
        <li>Output tokens: ${deltaWords(row.output_tokens_delta, 0, 'tokens')}; wall time: ${deltaWords(row.wall_ms_delta, 0, 'ms')}.</li>
      </ul>
    </section>`;
  }

  /** Said beside the verdict, not only inside its reason: a verdict resting on harness faults says nothing about the model. */
  private suspectCaveat(row: ComparisonRow) {
    const { caveat } = row.harness_suspects;
    if (caveat === null) return nothing;
    return html`<lb-notice kind="error" id="harness-caveat">
      <strong>This verdict rests on suspected harness faults.</strong> ${caveat} Open a lost or won task to see each failure's evidence.
    </lb-notice>`;
  }

  private content(surface: { rows: ComparisonRow[]; recommendations: Recommendation[] }, key: ComparisonKey) {
    const row = surface.rows.find((candidate) => sameComparison(candidate, key));
    const sweeps = this.filters.sweeps;
    if (row === undefined && sweeps !== undefined) {
      return html`<lb-notice id="no-comparison">The ${sweeps.length} selected sweeps have no paired runs of ${side(key.original, key.originalPowerLevel)} → ${side(key.candidate, key.candidatePowerLevel)} in suite ${key.experiment} (arm ${key.arm}): pick other sweeps in the filters, or see <a href=${linkTo(this.route, 'comparisons')}>the comparisons they have</a>.</lb-notice>`;
    }
    if (row === undefined) {
      return html`<lb-notice id="no-comparison">comparisons.json has no comparison of ${side(key.original, key.originalPowerLevel)} → ${side(key.candidate, key.candidatePowerLevel)} in suite ${key.experiment} (arm ${key.arm}): the two sides paired no runs, or the export predates them. See <a href=${linkTo(this.route, 'comparisons')}>all comparisons</a>.</lb-notice>`;
    }
    if (row.pairs === 0) return html`<lb-notice id="no-pairs">This comparison has no paired runs: no task was run on both sides.</lb-notice>`;
    return html`
      <p>
        <span class="chip ${verdictTone(row.verdict)}" id="verdict">${row.verdict.replaceAll('_', ' ')}</span>
        ${formatPoints(row.delta)} (candidate ${formatRate(row.candidate_task_pass_rate)} vs original ${formatRate(row.original_task_pass_rate)} of tasks), McNemar p = ${row.mcnemar_p.toPrecision(3)}
      </p>
      <p class="reason" id="verdict-reason">${row.verdict_reason}</p>
      ${this.suspectCaveat(row)}
      <div class="counts" id="pair-counts" aria-label="Paired task outcomes">
        <div data-count="both_pass"><strong>${row.both_pass}</strong>both pass</div>
        <div data-count="original_only"><strong>${row.original_only}</strong>lost by the candidate (b)</div>
        <div data-count="candidate_only"><strong>${row.candidate_only}</strong>won by the candidate (c)</div>
        <div data-count="both_fail"><strong>${row.both_fail}</strong>both fail</div>
        <div data-count="harness_suspects"><strong>${row.harness_suspects.lost + row.harness_suspects.won}</strong>discordant on a suspected harness fault (b ${row.harness_suspects.lost}, c ${row.harness_suspects.won})</div>
        <div data-count="pairs"><strong>${row.pairs}</strong>paired tasks (${row.paired_runs} runs; ${row.unpaired_runs_excluded} unpaired excluded)</div>
      </div>
      <p class="note">Each task is one outcome a side: the ${row.outcome_rule}. Only the discordant tasks move the verdict; open one to see both responses.</p>
      <div class="lists">
        ${this.taskList('lost-tasks', 'Lost by the candidate', key, row.discordant.lost, row.original_only)}
        ${this.taskList('won-tasks', 'Won by the candidate', key, row.discordant.won, row.candidate_only)}
      </div>
      ${this.recommendation(row, surface.recommendations)}
    `;
  }

  render() {
    const key = parseComparisonArgs(this.route.args);
    const back = html`<p><a href=${linkTo(this.route, 'comparisons')}>← All comparisons</a></p>`;
    if (key === null) {
      return html`${back}<h2>Verdict evidence</h2>
        <lb-notice id="bad-route">This link names no comparison: it needs original, candidate, suite, arm and both power levels.</lb-notice>`;
    }
    return html`${back}
      <h2>Verdict: <span id="verdict-title">${side(key.original, key.originalPowerLevel)} → ${side(key.candidate, key.candidatePowerLevel)}</span>
        <span class="muted">in ${key.experiment} (${key.arm})</span></h2>
      <lb-json-links .files=${this.filters.sweeps === undefined ? ['comparisons.json'] : ['comparison_pairs.json', 'comparisons.json']}></lb-json-links>
      ${renderLoaded(this.data, (surface) => this.content(surface, key))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-verdict-view': LbVerdictView;
  }
}
