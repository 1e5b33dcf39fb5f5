import { describe, expect, it } from 'vitest';
import { EvaluationSchema, FailureSchema } from '../../../schema/run-record.ts';
import { CliError } from '../../../lib/cli-error.ts';
import { NumericReferenceSchema, numericEvaluator, scoreNumeric, withinTolerance } from '../../../runner/evaluators/numeric.ts';

// [response, reference, passed, failure class or null, settings?]
const CASES: Array<[string, unknown, boolean, string | null, Record<string, unknown>?]> = [
  ['#### 1,200', 1200, true, null],
  ['#### 1,200', '1,200', true, null],
  ['It comes to $1,200.50', 1200.5, true, null],
  ['1.2e3', 1200, true, null],
  ['-7', -7, true, null],
  ['\u22127', -7, true, null],
  ['\u22127', 7, false, 'wrong_value'],
  ['45%', 45, true, null],
  ['45%', 0.45, true, null],
  ['45', 0.45, false, 'wrong_value'],
  ['3/4', 0.75, true, null],
  ['3/4', '3/4', true, null],
  ['The answer is 12 apples.', 12, true, null],
  ['\\boxed{42}', 42, true, null],
  ['**Answer:** 42', 42, true, null],
  ['We had 17 then 25.\nFinal answer: 42', 42, true, null],
  ['We had 17 then 42.\nFinal answer: 25', 42, false, 'wrong_value'],
  ['Answer: 41', 42, false, 'wrong_value'],
  ['', 42, false, 'empty_response'],
  ['   \n\t ', 42, false, 'empty_response'],
  ['I am not sure.', 42, false, 'no_number'],
  ['Earlier 42 appeared.\nAnswer: I cannot tell', 42, false, 'no_number'],
  ['Answer: 3.1416', 3.14159, false, 'wrong_value'],
  ['Answer: 3.1416', 3.14159, true, null, { rel_tol: 1e-4 }],
  ['Answer: 100.4', 100, true, null, { abs_tol: 0.5 }],
  ['Answer: 100.6', 100, false, 'wrong_value', { abs_tol: 0.5 }],
  ['Answer: 0.1', 0.1 + 0.2 - 0.2, true, null],
  ['Answer: 1 234 567', 1234567, true, null],
];

describe('numeric@1', () => {
  it.each(CASES)('%j vs %j → passed %s (%s)', (response, reference, passed, failureClass, settings) => {
    const outcome = scoreNumeric({ response, reference, settings });
    expect(EvaluationSchema.parse(outcome.evaluation)).toEqual(outcome.evaluation);
    expect(FailureSchema.parse(outcome.failure)).toEqual(outcome.failure);
    expect(outcome.evaluation.evaluator).toBe('numeric@1');
    expect(outcome.evaluation.passed).toBe(passed);
    expect(outcome.evaluation.score).toBe(passed ? 1 : 0);
    expect(outcome.failure?.class ?? null).toBe(failureClass);
    expect(outcome.evaluation.checks).toHaveLength(1);
    expect(outcome.evaluation.checks![0]!.name).toBe('value');
    expect(outcome.evaluation.checks![0]!.passed).toBe(passed);
  });

  it('puts failures in the stage the contract names', () => {
    expect(scoreNumeric({ response: '', reference: 1 }).failure?.stage).toBe('extract');
    expect(scoreNumeric({ response: 'none', reference: 1 }).failure?.stage).toBe('extract');
    expect(scoreNumeric({ response: '2', reference: 1 }).failure?.stage).toBe('semantic');
  });

  it('says how the value was extracted', () => {
    const { evaluation } = scoreNumeric({ response: 'work 5\n#### 1,200', reference: 1200 });
    expect(evaluation.checks![0]!.detail).toBe('extracted 1200 via ####; reference 1200');
  });

  it('says which reading of a percent matched', () => {
    const asFraction = scoreNumeric({ response: 'Answer: 45%', reference: 0.45 });
    expect(asFraction.evaluation.checks![0]!.detail).toBe('extracted 45% (read as 0.45) via marker; reference 0.45');
    const asWritten = scoreNumeric({ response: 'Answer: 45%', reference: 45 });
    expect(asWritten.evaluation.checks![0]!.detail).toBe('extracted 45% (read as 45) via marker; reference 45');
  });

  it('names the extracted and the reference value when wrong', () => {
    const { failure } = scoreNumeric({ response: 'The answer is 41.', reference: 42 });
    expect(failure).toEqual({ stage: 'semantic', class: 'wrong_value', message: 'extracted 41 via marker; reference 42' });
  });

  it('refuses a reference that is not a number with one CliError line', () => {
    expect(() => scoreNumeric({ response: '1', reference: 'about 4' })).toThrow(CliError);
    expect(() => scoreNumeric({ response: '1', reference: { n: 1 } })).toThrow(/^numeric@1 reference: /);
    expect(() => scoreNumeric({ response: '1', reference: 1, settings: { rel_tol: -1 } })).toThrow(/settings\.rel_tol/);
  });

  it('is exposed through the async Evaluator interface', async () => {
    const outcome = await numericEvaluator.evaluate({ response: 'Final answer: 9', reference: 9 });
    expect(outcome.evaluation.passed).toBe(true);
    expect(`${numericEvaluator.name}@${numericEvaluator.version}`).toBe('numeric@1');
  });
});

describe('NumericReferenceSchema', () => {
  it('turns numeric strings into numbers and refuses percents and words', () => {
    expect(NumericReferenceSchema.parse('1,200')).toBe(1200);
    expect(NumericReferenceSchema.parse(-3.5)).toBe(-3.5);
    expect(NumericReferenceSchema.safeParse('45%').success).toBe(false);
    expect(NumericReferenceSchema.safeParse('twelve').success).toBe(false);
    expect(NumericReferenceSchema.safeParse(Number.NaN).success).toBe(false);
  });
});

describe('withinTolerance', () => {
  it('uses the larger of the absolute and the relative bound', () => {
    const settings = { rel_tol: 1e-3, abs_tol: 1e-9 };
    expect(withinTolerance(1000.9, 1000, settings)).toBe(true);
    expect(withinTolerance(1001.1, 1000, settings)).toBe(false);
    expect(withinTolerance(1e-10, 0, settings)).toBe(true);
    expect(withinTolerance(1e-8, 0, settings)).toBe(false);
  });
});
