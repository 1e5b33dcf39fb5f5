import { describe, expect, it } from 'vitest';
import { MAX_CALLS_PER_TURN, runAgentTask, type AgentRun } from '../../../runner/agent/loop.ts';
import { agentEvaluator } from '../../../runner/evaluators/agent.ts';
import { DEFAULT_EXPERIMENTS_DIR, loadBuiltInSuite } from '../../../runner/experiments/load.ts';
import { createSimBackend } from '../../../runner/backends/sim/sim-backend.ts';
import type { Backend, ToolCall, ToolChatRequest, ToolChatResult } from '../../../runner/backends/backend.ts';
import { AgentTraceSchema } from '../../../schema/agent-trace.ts';

const suite = loadBuiltInSuite(DEFAULT_EXPERIMENTS_DIR, 'tool_use_v1');
const agent = suite.manifest.agent!;
const task = (id: string) => suite.tasks.find((t) => t.id === id)!;

/** A model that plays a fixed list of replies, one a turn, and keeps every request it was sent. */
function scripted(replies: Array<{ text?: string; calls?: Array<[string, string]> }>) {
  const seen: ToolChatRequest[] = [];
  const backend: Backend = {
    spec: { spec: 'openai:scripted', backend: 'openai', name: 'scripted' },
    simulated: false,
    preflight: async () => {},
    describe: async () => ({ name: 'scripted', backend: 'openai' }),
    warmup: async () => {},
    generate: async () => {
      throw new Error('a tool-use run must not call generate');
    },
    chatWithTools: async (request) => {
      seen.push(request);
      const reply = replies[Math.min(request.turn, replies.length - 1)]!;
      const tool_calls: ToolCall[] = (reply.calls ?? []).map(([name, args], i) => ({ id: `c${request.turn}_${i}`, name, arguments: args }));
      return {
        text: reply.text ?? '',
        tool_calls,
        done_reason: tool_calls.length > 0 ? 'tool_calls' : 'stop',
        tokens: { prompt: 100 + request.turn, output: 10 + request.turn, source: 'server' },
        timing: { wall_ms: 5 },
      } satisfies ToolChatResult;
    },
  };
  return { backend, seen };
}

async function run(backend: Backend, id: string): Promise<AgentRun> {
  const t = task(id);
  return runAgentTask({
    backend,
    suite: agent,
    prompt: t.prompt,
    world: t.settings?.world,
    request: {
      params: { temperature: 0, seed: 1, max_tokens: 256 },
      task: t,
      experiment: 'tool_use_v1',
      arm: 'plain',
      repeat: 0,
      sample: 0,
      power: { request: null, applied_w: null },
    },
    retry: (call) => call(),
  });
}

async function score(id: string, outcome: AgentRun) {
  return agentEvaluator.evaluate({ response: outcome.result!.text, reference: task(id).reference, agent: outcome.finish });
}

describe('agent loop', () => {
  it('passes a correct agent: the world ends as expected and the answer holds', async () => {
    const { backend, seen } = scripted([
      { calls: [['read_file', '{"path":"/orders/o-7.txt"}']] },
      { calls: [['calculator', '{"expression":"12 * 3.5"}']] },
      { calls: [['write_file', '{"path":"/orders/o-7.total","content":"42"}']] },
      { text: 'Written: 42.' },
    ]);
    const outcome = await run(backend, 'mixed_022');
    const scored = await score('mixed_022', outcome);
    expect(scored.failure).toBeNull();
    expect(scored.evaluation.passed).toBe(true);
    expect(outcome.trace.turns.map((turn) => turn.tool_results.map((r) => r.content))).toEqual([
      ['quantity=12\nunit_price=3.5\n'],
      ['42'],
      ['wrote 2 characters to /orders/o-7.total'],
      [],
    ]);
    // The tool results went back to the model as `tool` messages answering each call.
    expect(seen[1]!.messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'c0_0', name: 'read_file', content: 'quantity=12\nunit_price=3.5\n' });
    expect(AgentTraceSchema.parse(outcome.trace)).toEqual(outcome.trace);
  });

  it('sums the turns: the trace tokens and wall time add up to the run', async () => {
    const { backend } = scripted([{ calls: [['lookup_ticket', '{"id":"T-101"}']] }, { text: 'It is open.' }]);
    const outcome = await run(backend, 'tickets_010');
    const sum = (key: 'prompt' | 'output') => outcome.trace.turns.reduce((total, turn) => total + turn.tokens[key]!, 0);
    expect(outcome.result!.tokens).toEqual({ prompt: sum('prompt'), output: sum('output'), source: 'server' });
    expect(outcome.result!.tokens.prompt).toBe(201);
    expect(outcome.result!.timing.wall_ms).toBe(10);
    expect((await score('tickets_010', outcome)).evaluation.passed).toBe(true);
  });

  it('fails at the first forbidden call and runs none of the later calls', async () => {
    const { backend, seen } = scripted([
      {
        calls: [
          ['read_file', '{"path":"/app/config.ini"}'],
          ['read_file', '{"path":"/tmp/../secrets/db_password"}'],
          ['write_file', '{"path":"/later.txt","content":"x"}'],
        ],
      },
      { text: 'port 5432' },
    ]);
    const outcome = await run(backend, 'files_001');
    const scored = await score('files_001', outcome);
    expect(scored.failure).toMatchObject({ stage: 'constraint', class: 'forbidden_tool' });
    expect(scored.evaluation.passed).toBe(false);
    expect(outcome.trace.forbidden).toEqual({
      turn: 0,
      tool: 'read_file',
      arguments: '{"path":"/tmp/../secrets/db_password"}',
      reason: 'files under /secrets are secret',
    });
    expect(outcome.trace.turns[0]!.tool_results.map((r) => r.name)).toEqual(['read_file']);
    expect(outcome.finish.world.files['/later.txt']).toBeUndefined();
    expect(seen).toHaveLength(1);
  });

  it('stops mail outside the allow-list and deletes of any kind', async () => {
    const mail = await run(scripted([{ calls: [['send_mail', '{"to":"x@gmail.com","subject":"s","body":"b"}']] }]).backend, 'mail_015');
    expect(mail.finish.failure?.class).toBe('forbidden_tool');
    expect(mail.finish.world.outbox).toEqual([]);
    const del = await run(scripted([{ calls: [['delete_file', '{"path":"/tmp/old.log"}']] }]).backend, 'safety_019');
    expect(del.finish.failure?.class).toBe('forbidden_tool');
    expect(del.finish.world.files['/tmp/old.log']).toBe('line 1\nline 2\n');
  });

  it('classifies an unknown tool, keeping the raw call', async () => {
    const outcome = await run(scripted([{ calls: [['shell', '{"cmd":"rm -rf /"}']] }]).backend, 'files_002');
    expect(outcome.finish.failure).toEqual({
      stage: 'constraint',
      class: 'unknown_tool',
      message: `turn 0: unknown tool 'shell' (arguments {"cmd":"rm -rf /"})`,
    });
    expect(outcome.trace.turns[0]!.tool_calls[0]).toEqual({ id: 'c0_0', name: 'shell', arguments: '{"cmd":"rm -rf /"}' });
  });

  it('classifies malformed arguments: broken JSON, a missing argument, a wrong type', async () => {
    for (const [args, why] of [
      ['{"path": "/logs"', 'not valid JSON'],
      ['{}', "missing required argument 'path'"],
      ['{"path": 3}', "argument 'path' should be a string, got number"],
    ] as const) {
      const outcome = await run(scripted([{ calls: [['list_files', args]] }]).backend, 'files_002');
      expect(outcome.finish.failure).toMatchObject({ stage: 'parse', class: 'tool_arguments' });
      expect(outcome.finish.failure!.message).toContain(why);
      expect(outcome.finish.failure!.message).toContain(args);
    }
  });

  it('fails a flood of calls in one turn before running any, keeping the record bounded', async () => {
    const calls = Array.from({ length: MAX_CALLS_PER_TURN + 4 }, (_, i) => ['write_file', `{"path":"/f${i}","content":"x"}`] as [string, string]);
    const outcome = await run(scripted([{ calls }]).backend, 'files_003');
    expect(outcome.finish.failure).toMatchObject({ stage: 'constraint', class: 'tool_call_flood' });
    expect(outcome.trace.turns[0]!.tool_calls).toHaveLength(MAX_CALLS_PER_TURN);
    expect(Object.keys(outcome.finish.world.files).filter((p) => p.startsWith('/f'))).toEqual([]);
  });

  it('fails a run that never answers at the turn limit', async () => {
    const { backend, seen } = scripted([{ calls: [['list_files', '{"path":"/logs"}']] }]);
    const outcome = await run(backend, 'files_002');
    expect(outcome.finish.failure).toMatchObject({ stage: 'constraint', class: 'turn_limit' });
    expect(seen).toHaveLength(agent.max_turns);
    expect((await score('files_002', outcome)).evaluation.passed).toBe(false);
  });

  it('cuts a long tool result at the suite limit, for the model and the record, and says so', async () => {
    const { backend, seen } = scripted([{ calls: [['read_file', '{"path":"/big.txt"}']] }, { text: 'done' }]);
    const t = task('files_001');
    const outcome = await runAgentTask({
      backend,
      suite: { ...agent, result_chars: 64 },
      prompt: t.prompt,
      world: { files: { '/big.txt': 'x'.repeat(500) } },
      request: {
        params: { temperature: 0, seed: 1, max_tokens: 256 },
        task: t,
        experiment: 'tool_use_v1',
        arm: 'plain',
        repeat: 0,
        sample: 0,
        power: { request: null, applied_w: null },
      },
      retry: (call) => call(),
    });
    const result = outcome.trace.turns[0]!.tool_results[0]!;
    expect(result.truncated).toBe(true);
    expect(result.content).toBe(`${'x'.repeat(64)}\n[cut: 436 more characters]`);
    expect(seen[1]!.messages.at(-1)).toMatchObject({ role: 'tool', content: result.content });
  });

  it('fails a wrong final world even when the answer is right', async () => {
    const { backend } = scripted([{ calls: [['write_file', '{"path":"/reports/summary.txt","content":"total=41"}']] }, { text: 'done' }]);
    const scored = await score('files_003', await run(backend, 'files_003'));
    expect(scored.failure).toMatchObject({ stage: 'semantic', class: 'wrong_state' });
  });
});

describe('simulated agents', () => {
  it('play the same run the same way for a seed, and differently across seeds', async () => {
    const play = async (seed: number) => {
      const backend = await createSimBackend(
        { spec: 'sim:small', backend: 'sim', name: 'small' },
        { apiKeyEnv: 'X', ollamaHost: '', requestTimeoutMs: 1000, seed },
      );
      const runs = [];
      for (const t of suite.tasks) runs.push((await run(backend, t.id)).trace);
      return runs;
    };
    const first = await play(5);
    expect(await play(5)).toEqual(first);
    expect(JSON.stringify(await play(6))).not.toBe(JSON.stringify(first));
  });

  it('play the whole suite: right, wrong and classified failures, tokens summed over turns', async () => {
    const classes = new Set<string>();
    let passed = 0;
    for (const name of ['large', 'small']) {
      const backend = await createSimBackend(
        { spec: `sim:${name}`, backend: 'sim', name },
        { apiKeyEnv: 'X', ollamaHost: '', requestTimeoutMs: 1000, seed: 3 },
      );
      for (const t of suite.tasks) {
        const outcome = await run(backend, t.id);
        const scored = await score(t.id, outcome);
        if (scored.evaluation.passed) passed++;
        else classes.add(`${scored.failure!.stage}/${scored.failure!.class}`);
        expect(outcome.result!.tokens.output).toBe(outcome.trace.turns.reduce((sum, turn) => sum + turn.tokens.output!, 0));
        expect(outcome.result!.energy?.method).toBe('simulated');
      }
    }
    expect(passed).toBeGreaterThan(suite.tasks.length / 2);
    expect(passed).toBeLessThan(suite.tasks.length * 2);
    expect([...classes].some((c) => c.startsWith('constraint/') || c.startsWith('parse/'))).toBe(true);
  });
});
