import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TaskSchema } from '../../../schema/experiment.ts';
import { loadStandardSuite } from '../../../runner/datasets/standard-suites.ts';
import { gsm8kReference } from '../../../runner/datasets/gsm8k.ts';
import { scoreNumeric } from '../../../runner/evaluators/numeric.ts';

// The published datasets live beside the repository, never in it (see /work/shared/datasets/README.md).
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const datasets = path.resolve(repoRoot, '../shared/datasets');
const gsm8kFile = path.join(datasets, 'gsm8k_test.jsonl');
const humanEvalFile = path.join(datasets, 'HumanEval.jsonl.gz');
const cacheDir = path.join(os.tmpdir(), 'ledgerbench-unused-cache');

if (!existsSync(datasets)) console.warn(`skipping the public dataset tests: ${datasets} is absent`);

describe.skipIf(!existsSync(gsm8kFile))('GSM8K test split (shared dataset)', () => {
  it('loads 1319 tasks whose references are numbers and whose own solutions score correct', async () => {
    const suite = await loadStandardSuite('gsm8k', gsm8kFile, {
      cacheDir,
      sha256: '3730d312f6e3440559ace48831e51066acaca737f6eabec99bccb9e4b3c39d14',
    });
    expect(suite.manifest.id).toBe('gsm8k');
    expect(suite.manifest.evaluator).toBe('numeric@1');
    expect(suite.tasks).toHaveLength(1319);
    expect(suite.tasks[0]!.id).toBe('gsm8k_0001');
    expect(suite.tasks.at(-1)!.id).toBe('gsm8k_1319');
    const answers = readFileSync(gsm8kFile, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => (JSON.parse(line) as { answer: string }).answer);
    const wrong: string[] = [];
    suite.tasks.forEach((task, i) => {
      TaskSchema.parse(task);
      expect(typeof task.reference).toBe('number');
      expect(Number.isFinite(task.reference)).toBe(true);
      expect(task.reference).toBe(gsm8kReference(answers[i]!));
      const outcome = scoreNumeric({ response: answers[i]!, reference: task.reference });
      if (!outcome.evaluation.passed) wrong.push(`${task.id}: ${outcome.evaluation.checks![0]!.detail}`);
    });
    expect(wrong).toEqual([]);
  });

  it('reads thousands commas after ####', () => {
    expect(gsm8kReference('so 1,450,000\n#### 1,450,000')).toBe(1_450_000);
    expect(gsm8kReference('#### -3')).toBe(-3);
  });
});

describe.skipIf(!existsSync(humanEvalFile))('HumanEval (shared dataset)', () => {
  it('loads 164 tasks from the gzip file with the humaneval@1 reference shape', async () => {
    const suite = await loadStandardSuite('humaneval', humanEvalFile, { cacheDir });
    expect(suite.tasks).toHaveLength(164);
    expect(suite.manifest).toMatchObject({ id: 'humaneval', evaluator: 'humaneval@1' });
    expect(suite.manifest.source).toMatch(/openai\/human-eval/);
    const first = suite.tasks[0]!;
    TaskSchema.parse(first);
    expect(first.id).toBe('HumanEval/0');
    expect(first.evaluator).toBe('humaneval@1');
    expect(first.family).toBe('humaneval');
    const reference = first.reference as Record<string, string>;
    expect(reference.entry_point).toBe('has_close_elements');
    expect(reference.test).toContain('def check(candidate)');
    expect(first.prompt).toContain(reference.prompt!);
    expect(first.prompt.startsWith('Complete the following Python function')).toBe(true);
  });

  it('takes the same seeded subset twice, in dataset order', async () => {
    const a = await loadStandardSuite('humaneval', humanEvalFile, { cacheDir, limit: 10, sampleSeed: 7 });
    const b = await loadStandardSuite('humaneval', humanEvalFile, { cacheDir, limit: 10, sampleSeed: 7 });
    const c = await loadStandardSuite('humaneval', humanEvalFile, { cacheDir, limit: 10, sampleSeed: 8 });
    const ids = (s: typeof a) => s.tasks.map((t) => t.id);
    expect(ids(a)).toEqual(ids(b));
    expect(ids(a)).not.toEqual(ids(c));
    const numbers = ids(a).map((id) => Number(id.split('/')[1]));
    expect(numbers).toEqual([...numbers].sort((x, y) => x - y));
  });
});
