import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportIo } from '../../../runner/commands/import.ts';
import { sampleTaskName } from '../../../runner/import/lm-eval.ts';
import { modelFromProvider } from '../../../runner/import/model-id.ts';
import { fixture, readLedger, runImport, tempFolder } from './helpers.ts';

const LM_RESULTS = fixture('lm-eval', 'results_2026-11-20T10-00-00.000000.json');
const LM_SAMPLES = fixture('lm-eval', 'samples_gsm8k_2026-11-20T10-00-00.000000.jsonl');

async function imported(args: string[], score?: ImportIo['score']) {
  const out = join(tempFolder(), 'out.jsonl');
  const result = await runImport([...args, '--out', out], score);
  return { records: readLedger(out), lines: result.out };
}

describe('import --from lm-eval', () => {
  it('one record a sample line, the filter as the arm, their exact_match as the verdict', async () => {
    const { records } = await imported(['--from', 'lm-eval', LM_RESULTS, LM_SAMPLES]);
    expect(records).toHaveLength(6);
    const first = records[0]!;
    expect(first).toMatchObject({
      model: { name: 'Qwen/Qwen2.5-0.5B-Instruct', backend: 'openai' },
      experiment: 'gsm8k',
      task: { id: '0', family: 'gsm8k', hash: 'dochash0' },
      arm: 'strict-match',
      recorded_at: '2025-11-20T11:20:00.000Z',
      evaluation: { evaluator: 'imported-lm-eval@1', passed: true, score: 1 },
      origin: { format: 'lm-eval', tool: { name: 'lm-evaluation-harness', version: 'git a1b2c3d; task gsm8k v3' }, line: 1, rescored: false },
    });
    expect(first.request!.prompt).toMatch(/^Question: Natalia sold clips/);
    expect(first.response.text).toMatch(/The answer is 72\.$/);
    expect(records.map((r) => r.arm)).toEqual(['strict-match', 'flexible-extract', 'strict-match', 'flexible-extract', 'strict-match', 'flexible-extract']);
  });

  it('--rescore: ours in evaluation, theirs in origin, and the one disagreement is found', async () => {
    const { records, lines } = await imported(['--from', 'lm-eval', LM_RESULTS, LM_SAMPLES, '--rescore']);
    expect(lines[1]).toBe('re-scored 6 with our evaluators; of 6 with their verdict, 5 agree and 1 disagree');
    const strict1 = records.find((r) => r.task.id === '1' && r.arm === 'strict-match')!;
    // Their strict regex wanted "The answer is N"; the reply ends "#### 10", which ours reads.
    expect(strict1.evaluation).toMatchObject({ evaluator: 'numeric@1', passed: true });
    expect(strict1.failure).toBeNull();
    expect(strict1.origin).toMatchObject({ rescored: true, their_verdict: { passed: false, score: 0, scorer: 'exact_match,strict-match' } });
  });

  it('needs the results file, and refuses one from another layout', async () => {
    await expect(runImport(['--from', 'lm-eval', LM_SAMPLES, '--out', join(tempFolder(), 'x.jsonl')])).rejects.toThrow(/pass exactly one results_\*\.json/);
    const bad = fixture('lm-eval', 'results_2026-11-21T10-00-00.000000.json');
    await expect(runImport(['--from', 'lm-eval', bad, LM_SAMPLES, '--out', join(tempFolder(), 'x.jsonl')])).rejects.toThrow(
      /results_2026-11-21T10-00-00\.000000\.json: versions: .*lm-evaluation-harness 0\.4/,
    );
  });

  it('reads the task from lm-eval file names', () => {
    expect(sampleTaskName('samples_gsm8k_2026-11-20T10-00-00.000000.jsonl')).toBe('gsm8k');
    expect(sampleTaskName('samples_mmlu_abstract_algebra_2024-05-01T12-00-00.123456.jsonl')).toBe('mmlu_abstract_algebra');
    expect(sampleTaskName('gsm8k.jsonl')).toBeNull();
  });
});

describe('import --from promptfoo', () => {
  it('one record a test × prompt × provider, with tokens, latency, cost and their grading', async () => {
    const { records } = await imported(['--from', 'promptfoo', fixture('promptfoo', 'results.json')]);
    expect(records.map((r) => [r.model.backend, r.model.name, r.task.id, r.evaluation.passed])).toEqual([
      ['openai', 'gpt-4o-mini', "translate 'hello'", true],
      ['ollama', 'llama3.2:3b', "translate 'hello'", false],
      ['openai', 'gpt-4o-mini', "translate 'good morning'", true],
      ['ollama', 'llama3.2:3b', "translate 'good morning'", false],
    ]);
    const [hit, miss, , timeout] = records;
    expect(hit).toMatchObject({
      experiment: 'greetings-fr',
      arm: 'translate-v1',
      tokens: { prompt: 20, output: 5 },
      timing: { wall_ms: 412 },
      cost: { usd: 0.00002, basis: 'token-price' },
    });
    expect(hit!.response.text).toBe('Bonjour');
    expect(miss!.failure).toEqual({ stage: 'semantic', class: 'assertion_failed', message: 'Expected output to contain "bonjour"' });
    expect(timeout!.failure).toEqual({ stage: 'transport', class: 'provider_error', message: 'Request timed out after 30000 ms' });
    expect(timeout!.response.text).toBeNull();
  });

  it('refuses --model-name over several providers: it would merge two models into one', async () => {
    await expect(
      runImport(['--from', 'promptfoo', fixture('promptfoo', 'results.json'), '--model-name', 'x', '--out', join(tempFolder(), 'x.jsonl')]),
    ).rejects.toThrow(/results\.json: --model-name would give 2 providers one name/);
  });

  it('refuses a results version it does not know', async () => {
    await expect(runImport(['--from', 'promptfoo', fixture('promptfoo', 'results-v9.json'), '--out', join(tempFolder(), 'x.jsonl')])).rejects.toThrow(
      /results-v9\.json: results\.version: 9 is not a version this importer knows \(2, 3\)/,
    );
  });
});

describe('import --from inspect', () => {
  it('one record a sample × epoch (repeat = epoch − 1), C/I as pass/fail, parameters from the eval config', async () => {
    const { records } = await imported(['--from', 'inspect', fixture('inspect', 'gsm8k-eval.json')]);
    expect(records.map((r) => [r.task.id, r.repeat, r.evaluation.passed])).toEqual([
      ['1', 0, true],
      ['1', 1, false],
      ['2', 0, true],
      ['2', 1, false],
    ]);
    expect(records[0]).toMatchObject({
      model: { name: 'gpt-4o-mini', backend: 'openai' },
      experiment: 'gsm8k',
      params: { temperature: 0, seed: null, max_tokens: 512 },
      tokens: { prompt: 30, output: 12 },
      timing: { wall_ms: 800 },
      response: { text: '3 + 4 = 7. ANSWER: 7', done_reason: 'stop' },
      origin: { tool: { name: 'inspect_ai', version: '0.3.140' }, index: 'samples[0]' },
    });
  });

  it('--rescore scores GSM8K answers with numeric@1', async () => {
    const { records } = await imported(['--from', 'inspect', fixture('inspect', 'gsm8k-eval.json'), '--rescore']);
    expect(records.every((r) => r.evaluation.evaluator === 'numeric@1' && r.origin!.rescored)).toBe(true);
    expect(records.map((r) => r.evaluation.passed)).toEqual([true, false, true, false]);
  });

  it("scores answers to one of our own suites with that task's evaluator, and takes our task hash", async () => {
    const { records, lines } = await imported(['--from', 'inspect', fixture('inspect', 'own-suite-eval.json'), '--rescore']);
    expect(lines.slice(1)).toEqual([
      're-scored 1 with our evaluators; of 1 with their verdict, 0 agree and 1 disagree',
      '1 runs keep their verdict: the source kept no answer, or we have no evaluator for the suite (docs/importers.md)',
    ]);
    const [ours, unknown] = records;
    expect(ours).toMatchObject({
      experiment: 'math_measurement_v1',
      evaluation: { evaluator: 'numeric@1', passed: true },
      origin: { rescored: true, their_verdict: { passed: false } },
    });
    expect(ours!.task.hash).toMatch(/^[0-9a-f]{64}$/);
    // A task id the suite does not have keeps their verdict.
    expect(unknown).toMatchObject({ evaluation: { evaluator: 'imported-inspect@1', passed: true }, origin: { rescored: false } });
  });

  it('refuses a log version it does not know', async () => {
    await expect(runImport(['--from', 'inspect', fixture('inspect', 'old-version.json'), '--out', join(tempFolder(), 'x.jsonl')])).rejects.toThrow(
      /old-version\.json: version: 1 is not an eval log version this importer knows \(2\)/,
    );
  });
});

describe('modelFromProvider', () => {
  it('files Ollama providers under ollama and keeps other providers apart', () => {
    expect(modelFromProvider('ollama:chat:llama3.2:3b', ':')).toEqual({ name: 'llama3.2:3b', backend: 'ollama' });
    expect(modelFromProvider('openai:gpt-4o', ':')).toEqual({ name: 'gpt-4o', backend: 'openai' });
    expect(modelFromProvider('anthropic:messages:claude-x', ':')).toEqual({ name: 'anthropic/messages/claude-x', backend: 'openai' });
    expect(modelFromProvider('ollama/qwen3:8b', '/')).toEqual({ name: 'qwen3:8b', backend: 'ollama' });
  });
});
