// A tool-use task against the real llama.cpp server: the tools request is accepted, the turns' tokens are the server's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgentTask } from '../../runner/agent/loop.ts';
import { createOpenAiBackend } from '../../runner/backends/openai.ts';
import { agentEvaluator } from '../../runner/evaluators/agent.ts';
import { DEFAULT_EXPERIMENTS_DIR, loadBuiltInSuite } from '../../runner/experiments/load.ts';
import { HAVE_LLAMA_SERVER, LLAMA_SERVER_DIR, type LlamaServer, startLlamaServer } from './llama-server.ts';

if (!HAVE_LLAMA_SERVER) console.log(`skipped: ${LLAMA_SERVER_DIR} is absent (the real llama.cpp server ships only in the project's shared folder)`);

let server: LlamaServer | undefined;
let baseUrl = '';

beforeAll(async () => {
  if (!HAVE_LLAMA_SERVER) return;
  server = await startLlamaServer();
  baseUrl = `${server.url}/v1`;
});

afterAll(() => {
  server?.child.kill();
});

describe.skipIf(!HAVE_LLAMA_SERVER)('tool use on the real llama.cpp server', () => {
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
