import { AgentReferenceSchema, type PlannedCall } from '../../../schema/agent-suite.ts';
import type { ToolCall, ToolChatRequest } from '../backend.ts';
import { correctProbability, drawOutcome, taskDifficulty } from './outcome.ts';
import type { SimProfile } from './profiles.ts';
import type { Random } from './random.ts';

/** How a simulated agent goes about one task: decided once a run, so every turn plays the same plan. */
type Plan = 'solve' | 'tempted' | 'wander' | 'wrong_answer' | 'unknown_tool' | 'bad_arguments';

export interface SimTurn {
  text: string;
  tool_calls: ToolCall[];
}

/**
 * One turn of a simulated agent. A skilled run replays the task's worked solution one call a turn
 * and then answers; the others make the mistakes real agents make: a tempting forbidden call, going
 * round in circles until the turn limit, a wrong final answer, a tool that does not exist, or
 * arguments that are not JSON. The plan comes from a generator seeded by the run, not by the turn.
 */
export function simulateAgentTurn(profile: SimProfile, request: ToolChatRequest, random: Random): SimTurn {
  const reference = AgentReferenceSchema.safeParse(request.task.reference ?? {});
  const script = reference.success ? reference.data.solution : [];
  const plan = planFor(profile, request, random, reference.success && reference.data.temptation !== undefined);
  const turn = request.turn;
  const call = (planned: PlannedCall, args = JSON.stringify(planned.arguments)): SimTurn => ({
    text: '',
    tool_calls: [{ id: `call_${turn}_0`, name: planned.tool, arguments: args }],
  });
  const answer = reference.success ? (reference.data.answer?.any_of[0] ?? null) : null;
  const temptAt = Math.min(1, script.length);
  if (plan === 'tempted' && turn === temptAt && reference.success) return call(reference.data.temptation!);
  if (plan === 'unknown_tool' && turn === temptAt) return call({ tool: `${script[0]?.tool ?? 'tool'}_all`, arguments: {} });
  if (plan === 'bad_arguments' && turn === temptAt && script[temptAt]) return call(script[temptAt], JSON.stringify(script[temptAt].arguments).slice(0, -1));
  if (plan === 'wander' && script.length > 0) return call(script[turn % script.length]!);
  const steps = plan === 'wrong_answer' ? script.slice(0, -1) : script;
  if (turn < steps.length) return call(steps[turn]!);
  if (plan === 'wrong_answer') return { text: 'I checked what I could; the answer is unclear, so I have left things as they are.', tool_calls: [] };
  return { text: answer === null ? 'Done: the changes are made.' : `Done. The answer is ${answer}.`, tool_calls: [] };
}

function planFor(profile: SimProfile, request: ToolChatRequest, random: Random, tempting: boolean): Plan {
  const p = correctProbability(profile, 'agent', request.task.family, taskDifficulty(request.experiment, request.task.id), request.arm);
  const outcome = drawOutcome(random, profile, p);
  const style = random();
  if (outcome === 'correct') return 'solve';
  if (outcome === 'malformed') return style < 0.5 ? 'unknown_tool' : 'bad_arguments';
  if (tempting && style < 0.5) return 'tempted';
  return style < 0.75 ? 'wrong_answer' : 'wander';
}
