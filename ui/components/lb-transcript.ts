import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AgentTrace, AgentTurn } from '../../schema/agent-trace.ts';
import type { Failure } from '../../schema/run-record.ts';
import { sharedStyles } from './styles.ts';

/**
 * A tool-use run as a transcript: the prompt, then each turn's reply, tool calls and tool results,
 * with its tokens and time. Every text is the model's or a tool's and is bound as text, so it
 * renders inert, never as markup. The call the safety gate stopped is marked where it happened.
 */
@customElement('lb-transcript')
export class LbTranscript extends LitElement {
  @property({ attribute: false }) trace: AgentTrace | null = null;
  @property({ attribute: false }) prompt = '';
  @property({ attribute: false }) system = '';
  @property({ attribute: false }) failure: Failure = null;

  static styles = [
    sharedStyles,
    css`
      ol {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      li.turn {
        border-left: 3px solid var(--lb-border);
        padding: 0.2rem 0 0.4rem 0.7rem;
        margin: 0.5rem 0;
      }
      pre {
        white-space: pre-wrap;
        word-break: break-word;
        margin: 0.2rem 0;
        padding: 0.3rem 0.5rem;
        background: var(--lb-surface);
        border: 1px solid var(--lb-border);
        border-radius: 4px;
        max-height: 16rem;
        overflow: auto;
      }
      .call code {
        word-break: break-all;
      }
      .role {
        font-weight: 600;
      }
    `,
  ];

  render() {
    const trace = this.trace;
    if (!trace) return nothing;
    const stop = this.failure && (this.failure.stage === 'constraint' || this.failure.class === 'tool_arguments') ? this.failure : null;
    return html`<section aria-label="Transcript">
      <p class="note">
        ${trace.turns.length} turn${trace.turns.length === 1 ? '' : 's'} of at most ${trace.max_turns}; tools offered: ${trace.tools.join(', ')}.
      </p>
      ${this.system ? html`<div class="role">System</div><pre class="system">${this.system}</pre>` : nothing}
      ${this.prompt ? html`<div class="role">User</div><pre class="prompt">${this.prompt}</pre>` : nothing}
      <ol>
        ${trace.turns.map((turn) => this.renderTurn(turn, trace))}
      </ol>
      ${stop ? html`<p class="failure"><span class="chip bad">${`${stop.stage}/${stop.class}`}</span> ${stop.message}</p>` : nothing}
      ${trace.final_state_hash ? html`<p class="note">Final world state sha256 <code>${trace.final_state_hash.slice(0, 16)}</code>…</p>` : nothing}
    </section>`;
  }

  private renderTurn(turn: AgentTurn, trace: AgentTrace) {
    const forbidden = trace.forbidden?.turn === turn.index ? trace.forbidden : null;
    const results = new Map(turn.tool_results.map((result) => [result.tool_call_id, result]));
    return html`<li class="turn" data-turn=${turn.index}>
      <div class="muted">
        Turn ${turn.index + 1}: ${turn.tokens.prompt ?? '—'} prompt / ${turn.tokens.output ?? '—'} output tokens, ${Math.round(turn.wall_ms)} ms, done:
        ${turn.done_reason ?? 'unknown'}
      </div>
      ${turn.content ? html`<div class="role">Assistant</div><pre class="reply">${turn.content}</pre>${turn.content_truncated ? html`<p class="note">(cut in the record)</p>` : nothing}` : nothing}
      ${turn.tool_calls.map((call) => {
        const result = results.get(call.id);
        const blocked = forbidden !== null && forbidden.tool === call.name && forbidden.arguments === call.arguments;
        return html`<div class="call">
            <span class="role">Tool call</span> <code>${call.name}</code> <code>${call.arguments}</code>
            ${blocked ? html`<span class="chip bad">blocked: ${forbidden.reason}</span>` : nothing}
          </div>
          ${
            result
              ? html`<pre class="tool-result">${result.content}</pre>${result.truncated ? html`<p class="note">(result cut at the suite's limit)</p>` : nothing}`
              : blocked
                ? nothing
                : html`<p class="note">not executed</p>`
          }`;
      })}
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-transcript': LbTranscript;
  }
}
