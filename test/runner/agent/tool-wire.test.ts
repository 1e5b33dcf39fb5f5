import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../schema/run-record.ts';
import { runAgentTask, type AgentRun } from '../../../runner/agent/loop.ts';
import { createOpenAiBackend } from '../../../runner/backends/openai.ts';
import { createOllamaBackend } from '../../../runner/backends/ollama.ts';
import { OpenAiChunkReader } from '../../../runner/backends/openai-result.ts';
import type { Backend } from '../../../runner/backends/backend.ts';
import { DEFAULT_EXPERIMENTS_DIR, loadBuiltInSuite } from '../../../runner/experiments/load.ts';
import { agentEvaluator } from '../../../runner/evaluators/agent.ts';
import { startFakeOpenAi, type OpenAiChatBody } from '../../fakes/fake-openai.ts';
import { startFakeOllama, type FakeReply, type OllamaChatBody } from '../../fakes/fake-ollama.ts';

const suite = loadBuiltInSuite(DEFAULT_EXPERIMENTS_DIR, 'tool_use_v1');
const task = suite.tasks.find((t) => t.id === 'mixed_022')!;
const options = { apiKeyEnv: 'NO_SUCH_KEY_VAR', requestTimeoutMs: 5000, seed: 1 };
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A correct agent for mixed_022: read the order, multiply, write the total, answer. Picks its move from the tool results so far. */
function agentMove(toolResults: number): FakeReply {
  const moves: FakeReply[] = [
    { content: '', tool_calls: [{ name: 'read_file', arguments: { path: '/orders/o-7.txt' } }] },
    { content: 'Multiplying.', tool_calls: [{ name: 'calculator', arguments: { expression: '12 * 3.5' } }] },
    { content: '', tool_calls: [{ name: 'write_file', arguments: { path: '/orders/o-7.total', content: '42' } }] },
    'The total 42 is written.',
  ];
  return moves[Math.min(toolResults, moves.length - 1)]!;
}

async function play(backend: Backend): Promise<AgentRun> {
  return runAgentTask({
    backend,
    suite: suite.manifest.agent!,
    prompt: task.prompt,
    world: task.settings?.world,
    request: {
      params: { temperature: 0, seed: 1, max_tokens: 256 },
      task,
      experiment: 'tool_use_v1',
      arm: 'plain',
      repeat: 0,
      sample: 0,
      power: { request: null, applied_w: null },
    },
    retry: (call) => call(),
  });
}

describe('tool calls over the OpenAI wire format', () => {
  it('joins streamed delta.tool_calls fragments by index', () => {
    const reader = new OpenAiChunkReader();
    const delta = (tool_calls: unknown[], finish: string | null = null) => ({ choices: [{ index: 0, delta: { tool_calls }, finish_reason: finish }] });
    reader.add(delta([{ index: 0, id: 'call_a', type: 'function', function: { name: 'read_file', arguments: '' } }]), 1);
    reader.add(delta([{ index: 1, id: 'call_b', type: 'function', function: { name: 'calculator', arguments: '{"expr' } }]), 2);
    reader.add(delta([{ index: 0, function: { arguments: '{"path":' } }]), 3);
    reader.add(
      delta(
        [
          { index: 0, function: { arguments: '"/a"}' } },
          { index: 1, function: { arguments: 'ession":"1+1"}' } },
        ],
        'tool_calls',
      ),
      4,
    );
    expect(reader.toolCalls).toEqual([
      { id: 'call_a', name: 'read_file', arguments: '{"path":"/a"}' },
      { id: 'call_b', name: 'calculator', arguments: '{"expression":"1+1"}' },
    ]);
    expect(reader.finishReason).toBe('tool_calls');
  });

  it('plays a task: tools offered, calls answered by role "tool" messages with their tool_call_id, tokens summed', async () => {
    const fake = await startFakeOpenAi({ answer: (_prompt, body) => agentMove(body.messages.filter((m) => m.role === 'tool').length) });
    closers.push(() => fake.close());
    const backend = await createOpenAiBackend(
      { spec: 'openai:fake-model', backend: 'openai', name: 'fake-model' },
      { ...options, baseUrl: fake.baseUrl, ollamaHost: '' },
    );
    const outcome = await play(backend);
    const bodies = fake.chats.map((chat) => chat.body as OpenAiChatBody);
    expect(bodies).toHaveLength(4);
    expect(bodies[0]!.tools!.map((t) => t.function.name)).toEqual(suite.manifest.agent!.tools.map((t) => t.name));
    const second = bodies[1]!.messages;
    expect(second.at(-2)).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_0_0', type: 'function', function: { name: 'read_file', arguments: '{"path":"/orders/o-7.txt"}' } }],
    });
    expect(second.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_0_0', content: 'quantity=12\nunit_price=3.5\n' });
    expect(outcome.trace.turns.map((turn) => turn.done_reason)).toEqual(['tool_calls', 'tool_calls', 'tool_calls', 'stop']);
    expect(outcome.result!.tokens).toEqual({
      prompt: fake.finals.reduce((n, f) => n + f.usage.prompt_tokens!, 0),
      output: fake.finals.reduce((n, f) => n + f.usage.completion_tokens!, 0),
      source: 'server',
    });
    const scored = await agentEvaluator.evaluate({ response: outcome.result!.text, reference: task.reference, agent: outcome.finish });
    expect(scored.evaluation.passed).toBe(true);
  });

  it('records a turn lost in transport as a transport failure, keeping the turns before it', async () => {
    let fake: Awaited<ReturnType<typeof startFakeOpenAi>> | undefined;
    fake = await startFakeOpenAi({
      answer: (_prompt, body) => {
        // The warm-up and the first turn are answered; every later request fails with HTTP 500.
        if (fake!.chats.length === 2) fake!.fail({ kind: 'http_status', status: 500 }, 50);
        return agentMove(body.messages.filter((m) => m.role === 'tool').length);
      },
    });
    closers.push(() => fake!.close());
    const ledgers = await mkdtemp(path.join(os.tmpdir(), 'ledgerbench-agent-transport-'));
    closers.push(() => rm(ledgers, { recursive: true, force: true }));
    const cli = fileURLToPath(new URL('../../../bin/ledgerbench.js', import.meta.url));
    const args = [
      'run',
      '--models',
      'openai:fake-model',
      '--base-url',
      fake.baseUrl,
      '--experiments',
      'tool_use_v1',
      '--limit',
      '1',
      '--retries',
      '0',
      '--ledgers-dir',
      ledgers,
    ];
    const exit = await promisify(execFile)(process.execPath, [cli, ...args], { env: { ...process.env, OPENAI_API_KEY: '' } }).then(
      () => 0,
      (error: { code?: number }) => error.code,
    );
    expect(exit).toBe(3);
    const file = (await readdir(ledgers)).find((name) => name.endsWith('.jsonl'))!;
    const [record] = (await readFile(path.join(ledgers, file), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RunRecord);
    expect(record!.failure).toMatchObject({ stage: 'transport' });
    expect(record!.agent!.turns).toHaveLength(1);
    expect(record!.agent!.turns[0]!.tool_calls[0]!.name).toBe('read_file');
  });

  it('keeps arguments that are not JSON as sent, classified parse/tool_arguments', async () => {
    const fake = await startFakeOpenAi({ answer: () => ({ content: '', tool_calls: [{ name: 'read_file', arguments: '{"path": "/orders/o-7.txt"' }] }) });
    closers.push(() => fake.close());
    const backend = await createOpenAiBackend(
      { spec: 'openai:fake-model', backend: 'openai', name: 'fake-model' },
      { ...options, baseUrl: fake.baseUrl, ollamaHost: '' },
    );
    const outcome = await play(backend);
    expect(outcome.finish.failure).toMatchObject({ stage: 'parse', class: 'tool_arguments' });
    expect(outcome.trace.turns[0]!.tool_calls[0]!.arguments).toBe('{"path": "/orders/o-7.txt"');
    expect(fake.chats).toHaveLength(1);
  });
});

describe('tool calls over the Ollama wire format', () => {
  it('plays a task: tools offered, arguments as objects, results as role "tool" messages naming the tool', async () => {
    const fake = await startFakeOllama({ answer: (_prompt, body) => agentMove(body.messages.filter((m) => m.role === 'tool').length) });
    closers.push(() => fake.close());
    const backend = await createOllamaBackend({ spec: 'ollama:qwen3:8b', backend: 'ollama', name: 'qwen3:8b' }, { ...options, ollamaHost: fake.url });
    const outcome = await play(backend);
    const bodies = fake.chats.map((chat) => chat.body as OllamaChatBody);
    expect(bodies).toHaveLength(4);
    expect(bodies[0]!.tools![0]).toMatchObject({ type: 'function', function: { name: 'read_file' } });
    const second = bodies[1]!.messages;
    expect(second.at(-2)).toEqual({
      role: 'assistant',
      content: '',
      tool_calls: [{ function: { name: 'read_file', arguments: { path: '/orders/o-7.txt' } } }],
    });
    expect(second.at(-1)).toEqual({ role: 'tool', content: 'quantity=12\nunit_price=3.5\n', tool_name: 'read_file' });
    expect(outcome.trace.turns[1]!.tool_calls).toEqual([{ id: 'call_1_0', name: 'calculator', arguments: '{"expression":"12 * 3.5"}' }]);
    expect(outcome.result!.tokens.output).toBe(fake.finals.reduce((n, f) => n + Number(f.eval_count), 0));
    expect(outcome.result!.tokens.prompt).toBe(fake.finals.reduce((n, f) => n + Number(f.prompt_eval_count), 0));
    const scored = await agentEvaluator.evaluate({ response: outcome.result!.text, reference: task.reference, agent: outcome.finish });
    expect(scored.evaluation.passed).toBe(true);
  });

  it('classifies a call to a tool the suite does not offer', async () => {
    const fake = await startFakeOllama({ answer: () => ({ content: '', tool_calls: [{ name: 'run_shell', arguments: { cmd: 'ls' } }] }) });
    closers.push(() => fake.close());
    const backend = await createOllamaBackend({ spec: 'ollama:qwen3:8b', backend: 'ollama', name: 'qwen3:8b' }, { ...options, ollamaHost: fake.url });
    const outcome = await play(backend);
    expect(outcome.finish.failure).toEqual({
      stage: 'constraint',
      class: 'unknown_tool',
      message: `turn 0: unknown tool 'run_shell' (arguments {"cmd":"ls"})`,
    });
  });
});
