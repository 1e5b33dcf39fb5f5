import { describe, expect, it } from 'vitest';
import { getEvaluator } from '../../../runner/evaluators/registry.ts';
import { DEFAULT_EXPERIMENTS_DIR, loadBuiltInSuite } from '../../../runner/experiments/load.ts';
import { mapWithConcurrency } from '../../../runner/sandbox/concurrency.ts';

// Replies that answer nothing: a children's story of the kind a tiny story model writes (with the
// small numbers and everyday words such stories have), a one-line story, and empty output.
const STORY = [
  'Once upon a time, there was a little girl named Lily. She loved to play outside in the sun with her red ball.',
  'One day, Lily saw a big dog in the park. The dog was sad because he lost his toy. Lily said, "Do not be sad, I will help you!"',
  'They looked under the tree and behind the bench. Two birds sang in the sky. At last they found the toy near the pond.',
  'The dog was very happy and wagged his tail. Lily and the dog became best friends, and they played together every day.',
].join(' ');
const OFF_TOPIC = [STORY, 'Tom had a blue car. He drove it to see his mom.', '', '   \n\t  '];

const SUITES = ['math_measurement_v1', 'fact_prose_v1', 'code_exec_v1'] as const;

describe('every built-in task rejects an off-topic answer', () => {
  for (const id of SUITES) {
    it(id, async () => {
      const suite = loadBuiltInSuite(DEFAULT_EXPERIMENTS_DIR, id);
      expect(suite.tasks.length).toBeGreaterThan(0);
      const cases = suite.tasks.flatMap((task) => OFF_TOPIC.map((response) => ({ task, response })));
      const outcomes = await mapWithConcurrency(cases, 2, ({ task, response }) =>
        getEvaluator(task.evaluator).evaluate({ response, reference: task.reference, settings: task.settings }),
      );
      const passed = cases.flatMap(({ task, response }, i) => (outcomes[i]!.evaluation.passed ? [`${task.id}: ${JSON.stringify(response.slice(0, 40))}`] : []));
      expect(passed).toEqual([]);
      for (const outcome of outcomes) expect(outcome.failure).not.toBeNull();
    }, 120_000);
  }
});
