import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExperimentManifestSchema, TaskSchema } from '../../../schema/experiment.ts';
import { codeEvaluator, CodeReferenceSchema } from '../../../runner/evaluators/code.ts';
import { mapWithConcurrency } from '../../../runner/sandbox/concurrency.ts';

const dir = path.resolve(import.meta.dirname, '../../../experiments/code_exec_v1');
const manifest = ExperimentManifestSchema.parse(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
const tasks = readFileSync(path.join(dir, manifest.tasks_file), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => TaskSchema.parse(JSON.parse(line)));
const FAMILIES = ['strings', 'parsing', 'numeric_edge', 'recursion', 'data_structures', 'algorithms'];

/** The same solution with the entry point's body replaced: a function returning None, or an empty class. */
function broken(solution: string, entryPoint: string): string {
  const isClass = new RegExp(`^class\\s+${entryPoint}\\b`, 'm').test(solution);
  const stub = isClass
    ? `class ${entryPoint}:\n    def __init__(self, *args, **kwargs):\n        pass\n\n    def __getattr__(self, name):\n        return lambda *args, **kwargs: None\n`
    : `def ${entryPoint}(*args, **kwargs):\n    return None\n`;
  return `${solution}\n\n${stub}`;
}

describe('code_exec_v1 suite', () => {
  it('is a code@1 suite of at least 30 tasks over the six families, 4-8 hidden tests each', () => {
    expect(manifest).toMatchObject({ id: 'code_exec_v1', evaluator: 'code@1', defaults: { max_tokens: 1024, temperature: 0 } });
    expect(tasks.length).toBeGreaterThanOrEqual(30);
    expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
    for (const family of FAMILIES) expect(tasks.filter((t) => t.family === family).length, family).toBeGreaterThanOrEqual(5);
    for (const task of tasks) {
      const ref = CodeReferenceSchema.parse(task.reference);
      expect(ref.tests.length, task.id).toBeGreaterThanOrEqual(4);
      expect(ref.tests.length, task.id).toBeLessThanOrEqual(8);
      expect(task.prompt, task.id).toContain(ref.entry_point);
      // The tests stay hidden: no test body appears in the prompt.
      for (const test of ref.tests) expect(task.prompt.includes(test.code), `${task.id}/${test.name}`).toBe(false);
    }
  });

  it('every reference solution passes all its tests, and a return-None variant fails at least one', async () => {
    const verdicts = await mapWithConcurrency(tasks, 2, async (task) => {
      const ref = CodeReferenceSchema.parse(task.reference);
      const good = await codeEvaluator.evaluate({ response: `\`\`\`python\n${ref.solution}\`\`\``, reference: ref });
      const bad = await codeEvaluator.evaluate({ response: `\`\`\`python\n${broken(ref.solution, ref.entry_point)}\`\`\``, reference: ref });
      return { id: task.id, good: good.evaluation, failure: good.failure, bad: bad.evaluation };
    });
    for (const v of verdicts) {
      expect({ id: v.id, passed: v.good.passed, failure: v.failure }).toEqual({ id: v.id, passed: true, failure: null });
      expect({ id: v.id, passed: v.bad.passed }).toEqual({ id: v.id, passed: false });
    }
  });
});
