import { CliError } from '../../../lib/cli-error.ts';
import type { ModelInfo } from '../../../schema/run-record.ts';
import type { ModelSpec } from '../../../core/model-spec.ts';
import type { Backend, BackendOptions, GenerateRequest, GenerateResult, ToolChatRequest, ToolChatResult } from '../backend.ts';
import { simulateAgentTurn } from './agent-turn.ts';
import { SIM_PROFILES, profileNames, type SimProfile } from './profiles.ts';
import { resolveSimPowerLimit } from './power-model.ts';
import { rngFor } from './random.ts';
import { simulateReply } from './reply.ts';
import { judgeReply } from './judge-answer.ts';
import { simulateCost } from './timing.ts';

/**
 * `sim:NAME`: an offline model that writes plausible replies (right, wrong, or malformed) which then go
 * through the real evaluators. Deterministic for a seed; it never sleeps and never touches a GPU: its
 * timings, power levels and energy are modelled, and every record it produces says so.
 */
export async function createSimBackend(spec: ModelSpec, options: BackendOptions): Promise<Backend> {
  const profile = SIM_PROFILES[spec.name];
  if (!profile) {
    throw new CliError(
      `unknown simulator profile 'sim:${spec.name}'; available: ${profileNames()
        .map((n) => `sim:${n}`)
        .join(', ')}`,
    );
  }
  return new SimBackend(spec, profile, options.seed);
}

class SimBackend implements Backend {
  readonly simulated = true;
  constructor(
    readonly spec: ModelSpec,
    private readonly profile: SimProfile,
    private readonly seed: number,
  ) {}

  async preflight(): Promise<void> {}

  async describe(): Promise<ModelInfo> {
    return {
      name: this.spec.name,
      backend: 'sim',
      parameter_size: this.profile.parameter_size,
      quantization: this.profile.quantization,
      family: 'sim',
      residency: { placement: 'gpu', size_bytes: null, size_vram_bytes: null },
    };
  }

  async warmup(): Promise<void> {}

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const { judging } = request;
    const random = judging
      ? rngFor(this.seed, this.spec.spec, 'judge', request.experiment, request.task.id, judging.order, request.params.seed, judging.reply)
      : rngFor(this.seed, this.spec.spec, request.experiment, request.task.id, request.arm, request.repeat, request.sample, request.params.seed);
    const reply = judging
      ? judgeReply(this.profile.name, judging, request.task.reference, random)
      : simulateReply({ profile: this.profile, task: request.task, experiment: request.experiment, arm: request.arm, random });
    const powerLimit = resolveSimPowerLimit(request.power.request);
    const cost = simulateCost({
      profile: this.profile,
      prompt: request.prompt,
      text: reply.text,
      maxTokens: request.params.max_tokens,
      limitW: powerLimit.applied_w!,
      random,
    });
    return {
      text: cost.text,
      done_reason: cost.truncated ? 'length' : reply.done_reason,
      tokens: cost.tokens,
      timing: cost.timing,
      energy: cost.energy,
      extra: { power_limit: powerLimit },
    };
  }

  /** A simulated agent turn: its plan is drawn per run (not per turn), its cost per turn from everything sent. */
  async chatWithTools(request: ToolChatRequest): Promise<ToolChatResult> {
    const identity = [
      this.seed,
      this.spec.spec,
      request.experiment,
      request.task.id,
      request.arm,
      request.repeat,
      request.sample,
      request.params.seed,
    ] as const;
    const turn = simulateAgentTurn(this.profile, request, rngFor(...identity));
    const powerLimit = resolveSimPowerLimit(request.power.request);
    const sent = request.messages.map((m) => (m.role === 'assistant' ? m.content + JSON.stringify(m.tool_calls) : m.content)).join('\n');
    const cost = simulateCost({
      profile: this.profile,
      prompt: sent + JSON.stringify(request.tools),
      text: turn.text + JSON.stringify(turn.tool_calls),
      maxTokens: request.params.max_tokens,
      limitW: powerLimit.applied_w!,
      random: rngFor(...identity, 'turn', request.turn),
    });
    return {
      text: turn.text,
      tool_calls: turn.tool_calls,
      done_reason: turn.tool_calls.length > 0 ? 'tool_calls' : 'stop',
      tokens: cost.tokens,
      timing: cost.timing,
      energy: cost.energy,
      extra: { power_limit: powerLimit },
    };
  }
}
