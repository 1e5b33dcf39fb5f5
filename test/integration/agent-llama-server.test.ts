// A tool-use task against the real llama.cpp server: the tools request is accepted, the turns' tokens are the server's.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgentTask } from '../../runner/agent/loop.ts';
import { createOpenAiBackend } from '../../runner/backends/openai.ts';
import { agentEvaluator } from '../../runner/evaluators/agent.ts';
import { DEFAULT_EXPERIMENTS_DIR, loadBuiltInSuite } from '../../runner/experiments/load.ts';

const SERVER_DIR = resolve(import.meta.dirname, '../../../shared/llama-server');
const present = existsSync(join(SERVER_DIR, 'llama-server'));
if (!present) console.log(`skipped: ${SERVER_DIR} is absent (the real llama.cpp server ships only in the project's shared folder)`);

let child: ChildProcess | undefined;
let baseUrl = '';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

beforeAll(async () => {
  if (!present) return;
  const port = await freePort();
  const args = [
    '-m',
    join(SERVER_DIR, 'stories260K.gguf'),
    '--alias',
    'stories260K',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '-c',
    '2048',
    '-np',
    '1',
    '-t',
    '1',
  ];
  child = spawn(join(SERVER_DIR, 'llama-server'), args, { stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) {
      baseUrl = `http://127.0.0.1:${port}/v1`;
      return;
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error('llama-server did not become healthy within 10 s');
});

afterAll(() => {
  child?.kill();
});

describe.skipIf(!present)('tool use on the real llama.cpp server', () => {
  it('sends the tools, scores the story it writes instead as a wrong answer, and sums the server token counts', async () => {
    const suite = loadBuiltInSuite(DEFAULT_EXPERIMENTS_DIR, 'tool_use_v1');
    const task = suite.tasks.find((t) => t.id === 'files_001')!;
    const backend = await createOpenAiBackend(
      { spec: 'openai:stories260K', backend: 'openai', name: 'stories260K' },
      { baseUrl, apiKeyEnv: 'LEDGERBENCH_NO_KEY', ollamaHost: '', requestTimeoutMs: 20_000, seed: 1 },
    );
    const outcome = await runAgentTask({
      backend,
      suite: suite.manifest.agent!,
      prompt: task.prompt,
      world: task.settings?.world,
      request: {
        params: { temperature: 0, seed: 1, max_tokens: 24 },
        task,
        experiment: 'tool_use_v1',
        arm: 'plain',
        repeat: 0,
        sample: 0,
        power: { request: null, applied_w: null },
      },
      retry: (call) => call(),
    });
    // The tiny story model never calls a tool: one turn, cut at max_tokens, with the server's own counts.
    expect(outcome.trace.turns).toHaveLength(1);
    expect(outcome.trace.turns[0]!.done_reason).toBe('length');
    expect(outcome.result!.tokens.source).toBe('server');
    expect(outcome.result!.tokens.output).toBe(24);
    expect(outcome.result!.tokens.prompt).toBe(outcome.trace.turns[0]!.tokens.prompt);
    const scored = await agentEvaluator.evaluate({ response: outcome.result!.text, reference: task.reference, agent: outcome.finish });
    expect(scored.evaluation.passed).toBe(false);
    expect(scored.failure).toMatchObject({ stage: 'semantic', class: 'wrong_answer' });
  });
});
