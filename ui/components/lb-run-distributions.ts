import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { loadRunsForTasks } from '../data/load.ts';
import { runMatchesFilters } from '../logic/filters.ts';
import { formatNumber } from '../logic/format.ts';
import { histogramChart } from '../charts/histogram-chart.ts';
import type { Filters } from '../state/route.ts';
import type { RunRecord } from '../../schema/run-record.ts';
import { sharedStyles } from './styles.ts';
import './lb-notice.ts';
import { printModelSpec } from '../../core/model-spec.ts';

/**
 * Per-run histograms of output tokens and wall time for one model. The runs live in the shards,
 * so they are fetched only on request, and only the shards holding the model's tasks.
 */
@customElement('lb-run-distributions')
export class LbRunDistributions extends LitElement {
  /** The model, as model_rankings names it. */
  @property() model = '';
  /** `experiment/task_id` keys of the tasks the model ran. */
  @property({ attribute: false }) taskKeys: string[] = [];
  /** The shared filters, applied to the runs. */
  @property({ attribute: false }) filters: Filters = { hideSimulated: false };

  @state() private runs: RunRecord[] | null = null;
  @state() private error: string | null = null;

  static styles = [sharedStyles];

  protected willUpdate(changed: Map<PropertyKey, unknown>) {
    // The element is reused when the page moves to another model: its fetched runs are not that model's.
    if (changed.has('model') && changed.get('model') !== undefined) {
      this.runs = null;
      this.error = null;
    }
  }

  private async load() {
    try {
      const model = this.model;
      this.runs = (await loadRunsForTasks(this.taskKeys)).filter((run) => printModelSpec(run.model) === model);
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  render() {
    if (this.error !== null) return html`<lb-notice kind="error">${this.error}</lb-notice>`;
    if (this.runs === null) {
      return html`<p>
        <button type="button" id="load-runs" @click=${() => this.load()}>Load per-run distributions</button>
        <span class="note">fetches only the run shards holding this model's ${this.taskKeys.length} task(s)</span>
      </p>`;
    }
    const runs = this.runs.filter((run) => runMatchesFilters(run, this.filters, new Map()));
    const tokens = runs.flatMap((run) => (run.tokens.output === null ? [] : [run.tokens.output]));
    // A record imported from elsewhere may say its wall time was not recorded: it is left out, and counted.
    const wallMs = runs.flatMap((run) => (run.timing.wall_ms === null ? [] : [run.timing.wall_ms]));
    const wallUnknown = runs.length - wallMs.length;
    if (runs.length === 0) return html`<p class="note">No runs of this model match the filters.</p>`;
    return html`<p class="note" id="run-summary">${runs.length} runs; median output tokens ${formatNumber(median(tokens), 0)} tokens.</p>
      <div class="grid2">
        <div class="chart">${histogramChart(tokens, { xLabel: 'Output tokens per run (tokens)', ariaLabel: 'Histogram of output tokens per run' })}</div>
        <div class="chart">
          ${histogramChart(wallMs, { xLabel: 'Wall time per run (ms)', ariaLabel: 'Histogram of wall time per run' })}
          ${wallUnknown > 0 ? html`<p class="note">Wall time not recorded for ${wallUnknown} of ${runs.length} runs.</p>` : ''}
        </div>
      </div>
`;
  }
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-run-distributions': LbRunDistributions;
  }
}
