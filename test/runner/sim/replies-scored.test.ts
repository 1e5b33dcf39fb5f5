import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENTS_DIR, loadBuiltInSuite } from '../../../runner/experiments/load.ts';
import { getEvaluator } from '../../../runner/evaluators/registry.ts';
import { numericReply } from '../../../runner/backends/sim/numeric-answer.ts';
import { fieldsReply } from '../../../runner/backends/sim/fields-answer.ts';
import { codeReply } from '../../../runner/backends/sim/code-answer.ts';
import { rngFor } from '../../../runner/backends/sim/random.ts';
import type { Outcome } from '../../../runner/backends/sim/outcome.ts';

// The simulator's replies must mean what it intends when the real evaluators score them: a "correct"
// reply passes, a "wrong" or "malformed" one does not. Otherwise the demo's numbers would be noise.
const suite = (id: string) => loadBuiltInSuite(DEFAULT_EXPERIMENTS_DIR, id);

async function score(evaluator: string, response: string, task: { reference: unknown; settings?: Record<string, unknown> }) {
  return getEvaluator(evaluator).evaluate({ response, reference: task.reference, settings: task.settings });
}

describe('simulated replies, scored by the real evaluators', () => {
  it('math_measurement_v1: correct replies pass, slips and malformed replies fail', async () => {
    for (const task of suite('math_measurement_v1').tasks) {
      for (const [outcome, passes] of [
        ['correct', true],
        ['wrong', false],
        ['malformed', false],
      ] as Array<[Outcome, boolean]>) {
        for (let seed = 0; seed < 3; seed++) {
          const reply = numericReply(task.reference as number, task.family, outcome, rngFor(task.id, outcome, seed), 4);
          const { evaluation } = await score(task.evaluator, reply.text, task);
          expect({ task: task.id, outcome, text: reply.text, passed: evaluation.passed }).toMatchObject({ passed: passes });
        }
      }
    }
  });

  it('fact_prose_v1: correct replies pass every check, wrong ones lose partial credit', async () => {
    for (const task of suite('fact_prose_v1').tasks) {
      const checks = (task.reference as { checks: never[] }).checks;
      for (let seed = 0; seed < 3; seed++) {
        const right = fieldsReply(checks, 'correct', rngFor(task.id, 'c', seed), 3);
        const ok = await score(task.evaluator, right.text, task);
        expect({ task: task.id, text: right.text, passed: ok.evaluation.passed }).toMatchObject({ passed: true });
        const wrong = fieldsReply(checks, 'wrong', rngFor(task.id, 'w', seed), 3);
        const bad = await score(task.evaluator, wrong.text, task);
        expect({ task: task.id, text: wrong.text, passed: bad.evaluation.passed }).toMatchObject({ passed: false });
        expect(bad.evaluation.score).toBeLessThan(1);
      }
    }
  });

  it('code_exec_v1: reference replies pass in the sandbox in both shapes, broken ones fail', async () => {
    for (const task of suite('code_exec_v1').tasks) {
      const reference = task.reference as { solution: string; entry_point: string };
      for (const followsContract of [false, true]) {
        const options = { random: rngFor(task.id, String(followsContract)), verbosity: 1, followsContract };
        const right = codeReply(reference.solution, reference.entry_point, 'correct', options);
        const ok = await score(task.evaluator, right.text, task);
        expect({ task: task.id, followsContract, passed: ok.evaluation.passed, failure: ok.failure }).toMatchObject({ passed: true });
      }
      const broken = codeReply(reference.solution, reference.entry_point, 'wrong', { random: rngFor(task.id, 'w'), verbosity: 1, followsContract: false });
      const bad = await score(task.evaluator, broken.text, task);
      expect({ task: task.id, passed: bad.evaluation.passed }).toMatchObject({ passed: false });
    }
  }, 180_000);

  it('code replies under a followed contract score higher on format than plain ones', async () => {
    const task = suite('code_exec_v1').tasks[0]!;
    const reference = task.reference as { solution: string; entry_point: string };
    const shaped = codeReply(reference.solution, reference.entry_point, 'correct', { random: rngFor('f'), verbosity: 0, followsContract: true });
    const plain = codeReply(reference.solution, reference.entry_point, 'correct', { random: rngFor('f'), verbosity: 0, followsContract: false });
    const a = await score(task.evaluator, shaped.text, task);
    const b = await score(task.evaluator, plain.text, task);
    expect(a.evaluation.format_score!).toBeGreaterThan(b.evaluation.format_score!);
    expect(a.evaluation.score).toBe(b.evaluation.score);
  });
});
