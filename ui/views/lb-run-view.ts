import { html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { findRun } from '../data/load.ts';
import { runPowerLevel } from '../logic/filters.ts';
import { powerLabel } from '../logic/format.ts';
import { linkTo } from '../state/route.ts';
import { printModelSpec } from '../../core/model-spec.ts';
import { ViewElement, renderLoaded } from './view-element.ts';
import '../components/lb-json-links.ts';
import '../components/lb-json-tree.ts';
import '../components/lb-notice.ts';
import '../components/lb-suspect-label.ts';
import '../components/lb-origin.ts';
import '../components/lb-transcript.ts';

/** `#/run/<run_id>`: one run record, summarised and as its raw JSON. `?task=experiment/task_id` says which shard to read first. */
@customElement('lb-run-view')
export class LbRunView extends ViewElement {
  private readonly data = new Task(this, {
    task: ([runId, taskKey]: readonly [string, string | undefined]) => findRun(runId, taskKey),
    args: () => [this.route.args.join('/'), this.route.query.task] as const,
  });

  render() {
    const runId = this.route.args.join('/');
    if (runId === '') return html`<h2>Run</h2><lb-notice id="no-run">This link names no run: it needs a run id, as in #/run/&lt;run_id&gt;.</lb-notice>`;
    return html`<h2>Run <code id="run-id">${runId}</code></h2>
      ${renderLoaded(
        this.data,
        (found) => {
          if (found === null) {
            return html`<lb-notice id="no-run">No run '${runId}' in this export: no run shard holds it. See <a href=${linkTo(this.route, 'json', [])}>the raw files</a>.</lb-notice>`;
          }
          const { run, shard } = found;
          const model = printModelSpec(run.model);
          return html`<lb-json-links .files=${[shard]}></lb-json-links>
            <p id="run-summary">
              <a href=${linkTo(this.route, 'model', [model])}>${model}</a> on task
              <a href=${linkTo(this.route, 'task', [run.experiment, run.task.id], { run: run.run_id })}>${run.task.id}</a> in ${run.experiment},
              arm ${run.arm}, power ${powerLabel(runPowerLevel(run))}, repeat ${run.repeat}:
              <span class=${run.evaluation.passed ? 'chip good' : 'chip bad'}>${run.evaluation.passed ? 'passed' : 'failed'}</span>
              ${run.simulated ? html`<span class="chip sim">simulated</span>` : nothing}
              <span class="muted">recorded ${run.recorded_at}, sweep ${run.sweep_id}</span>
            </p>
            <lb-suspect-label .run=${run}></lb-suspect-label>
            ${run.origin ? html`<h3>Origin</h3><lb-origin .origin=${run.origin}></lb-origin>` : nothing}
            ${run.agent ? html`<h3>Transcript</h3><lb-transcript .trace=${run.agent} .prompt=${run.request?.prompt ?? ''} .system=${run.request?.system ?? ''} .failure=${run.failure}></lb-transcript>` : nothing}
            <h3>Raw record</h3>
            <lb-json-tree .value=${run}></lb-json-tree>`;
        },
        'Looking for this run in the run shards…',
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-run-view': LbRunView;
  }
}
