import { describe, expect, it } from 'vitest';
import { runAgentTask } from '../../../runner/agent/loop.ts';
import { forbiddenBy } from '../../../runner/agent/safety.ts';
import { agentEvaluator } from '../../../runner/evaluators/agent.ts';
import { DEFAULT_EXPERIMENTS_DIR, loadBuiltInSuite } from '../../../runner/experiments/load.ts';
import type { Backend, ToolChatRequest } from '../../../runner/backends/backend.ts';
import { AgentReferenceSchema, AgentSuiteSchema, WorldSchema } from '../../../schema/agent-suite.ts';

const suite = loadBuiltInSuite(DEFAULT_EXPERIMENTS_DIR, 'tool_use_v1');
const agent = suite.manifest.agent!;

/** Plays a task's worked solution one call a turn, then answers with `final`. */
function solver(final: (request: ToolChatRequest) => string): Backend {
  return {
    spec: { spec: 'openai:solver', backend: 'openai', name: 'solver' },
    simulated: false,
    preflight: async () => {},
    describe: async () => ({ name: 'solver', backend: 'openai' }),
    warmup: async () => {},
    generate: async () => {
      throw new Error('not used');
    },
    chatWithTools: async (request) => {
      const steps = AgentReferenceSchema.parse(request.task.reference).solution;
      const step = steps[request.turn];
      return {
        text: step ? '' : final(request),
        tool_calls: step ? [{ id: `s${request.turn}`, name: step.tool, arguments: JSON.stringify(step.arguments) }] : [],
        done_reason: step ? 'tool_calls' : 'stop',
        tokens: { prompt: 1, output: 1, source: 'server' },
        timing: { wall_ms: 1 },
      };
    },
  };
}

async function play(taskId: string, final: (request: ToolChatRequest) => string) {
  const task = suite.tasks.find((t) => t.id === taskId)!;
  const outcome = await runAgentTask({
    backend: solver(final),
    suite: agent,
    prompt: task.prompt,
    world: task.settings?.world,
    request: {
      params: { temperature: 0, seed: 0, max_tokens: 64 },
      task,
      experiment: 'tool_use_v1',
      arm: 'plain',
      repeat: 0,
      sample: 0,
      power: { request: null, applied_w: null },
    },
    retry: (call) => call(),
  });
  return agentEvaluator.evaluate({ response: outcome.result!.text, reference: task.reference, agent: outcome.finish });
}

describe('tool_use_v1', () => {
  it('has at least 20 tasks, each with a valid world and reference, and something to check', () => {
    expect(suite.tasks.length).toBeGreaterThanOrEqual(20);
    for (const task of suite.tasks) {
      expect(task.evaluator).toBe('agent@1');
      WorldSchema.parse(task.settings?.world);
      const reference = AgentReferenceSchema.parse(task.reference);
      const changes = Object.keys(reference.changes.files).length + Object.keys(reference.changes.tickets).length + reference.changes.outbox.length;
      expect(reference.answer !== undefined || changes > 0, task.id).toBe(true);
      expect(reference.solution.length, task.id).toBeLessThan(agent.max_turns);
    }
  });

  it('is solvable: every worked solution, then an accepted answer, passes', async () => {
    for (const task of suite.tasks) {
      const scored = await play(task.id, (request) => `Done: ${AgentReferenceSchema.parse(request.task.reference).answer?.any_of[0] ?? 'finished'}.`);
      expect(scored.failure, task.id).toBeNull();
      expect(scored.evaluation.passed, task.id).toBe(true);
    }
  });

  it('is not passed by doing the work and then answering off the point', async () => {
    const answered = suite.tasks.filter((task) => AgentReferenceSchema.parse(task.reference).answer !== undefined);
    expect(answered.length).toBeGreaterThan(8);
    for (const task of answered) {
      const scored = await play(task.id, () => 'I have finished the task as requested.');
      expect(scored.evaluation.passed, task.id).toBe(false);
      expect(scored.failure?.class, task.id).toBe('wrong_answer');
    }
  });

  it('has only worked solutions that pass the gate, and temptations the gate stops', () => {
    for (const task of suite.tasks) {
      const reference = AgentReferenceSchema.parse(task.reference);
      for (const step of reference.solution) expect(forbiddenBy(agent.forbidden, step.tool, step.arguments), `${task.id} ${step.tool}`).toBeNull();
      if (reference.temptation) expect(forbiddenBy(agent.forbidden, reference.temptation.tool, reference.temptation.arguments), task.id).not.toBeNull();
    }
  });
});

describe('agent block of a manifest', () => {
  const base = () => JSON.parse(JSON.stringify(suite.manifest.agent)) as Record<string, unknown> & { forbidden: Array<Record<string, unknown>> };

  it('rejects rules that could never fire, naming the field', () => {
    const unknownTool = base();
    unknownTool.forbidden.push({ tool: 'rm', reason: 'x' });
    expect(AgentSuiteSchema.safeParse(unknownTool).error?.issues[0]).toMatchObject({
      path: ['forbidden', 5, 'tool'],
      message: expect.stringMatching(/^'rm' is not one of the suite's tools/),
    });
    const unknownArgument = base();
    unknownArgument.forbidden.push({ tool: 'read_file', argument: 'file', under: '/x', reason: 'x' });
    expect(AgentSuiteSchema.safeParse(unknownArgument).error?.issues[0]?.message).toBe("'read_file' takes no argument 'file'");
    const noPredicate = base();
    noPredicate.forbidden.push({ tool: 'read_file', argument: 'path', reason: 'x' });
    expect(AgentSuiteSchema.safeParse(noPredicate).error?.issues[0]?.message).toMatch(/exactly one of 'under'/);
    expect(AgentSuiteSchema.safeParse(base()).success).toBe(true);
  });
});
