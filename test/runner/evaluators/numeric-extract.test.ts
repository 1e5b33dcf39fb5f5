import { describe, expect, it } from 'vitest';
import { extractFinalAnswer, findNumbers, normaliseText, parseNumberText } from '../../../runner/evaluators/numeric-extract.ts';

// [response, expected value, expected route, percent?]
const EXTRACTIONS: Array<[string, number, string, boolean?]> = [
  ['#### 1,200', 1200, '####'],
  ['She pays 3 * 400 = 1200.\n#### 1200', 1200, '####'],
  ['The total is $1,200.50.', 1200.5, 'last number'],
  ['That is 1.2e3 metres', 1200, 'last number'],
  ['The result is -7', -7, 'last number'],
  ['The result is \u22127', -7, 'last number'],
  ['Temperature fell to \u22127 \u00b0C', -7, 'last number'],
  ['The rate is 45%', 45, 'last number', true],
  ['The share is 45 percent.', 45, 'last number', true],
  ['She ate 3/4 of the cake', 0.75, 'last number'],
  ['The answer is 12 apples.', 12, 'marker'],
  ['So \\boxed{42}.', 42, 'boxed'],
  ['**Answer:** 42', 42, 'marker'],
  ['**Final Answer**: 42', 42, 'marker'],
  ['Step 1: 10 + 5 = 15\nStep 2: 15 * 2 = 30\nFinal answer: 42', 42, 'marker'],
  ['Final answer: 42\n\nCheck: 6 * 7 = 42, and 100 - 58 = 42 too; 99 is unrelated', 42, 'marker'],
  ['Total 1 200 000 people', 1_200_000, 'last number'],
  ['Total 1\u202f200 people', 1200, 'last number'],
  ['Answer: $ 1,200', 1200, 'marker'],
  ['It costs \u20ac3,450.75', 3450.75, 'last number'],
  ['\\boxed{\\frac{3}{4}}', 0.75, 'boxed'],
  ['\\boxed{\\dfrac{-5}{2}}', -2.5, 'boxed'],
  ['We get \\boxed{1{,}250} dollars', 1250, 'boxed'],
  ['\\boxed{x = 5}', 5, 'boxed'],
  ['\\boxed{12 \\text{ apples}}', 12, 'boxed'],
  ['It takes 2 3/4 hours', 2.75, 'last number'],
  ['Answer: 3 + 4 = 7', 7, 'marker'],
  ['Answer: 12 apples = 1 dozen', 12, 'marker'],
  ['Answer (in dollars): $-5', -5, 'marker'],
  ['The answer is: \u221230', -30, 'marker'],
  ['#### Step 2\nWe multiply and get 18', 18, 'last number'],
  ['The final answer is:\n\n  64', 64, 'marker'],
  ['<think>maybe it is 5</think>It is 6', 6, 'last number'],
  ['That is 1.2 \\times 10^{3} joules', 1200, 'last number'],
  ['On 11/23/2026 we counted 4 birds', 4, 'last number'],
  ['Pages 5-7 are blank, so 7', 7, 'last number'],
  ['\\boxed{42}\nAnswer: 41', 42, 'boxed'],
  ['Answer: 41\n#### 43', 43, '####'],
  ['ANSWER = 0.5', 0.5, 'marker'],
  ['answer is .25', 0.25, 'marker'],
  ['Answer: 7.\n', 7, 'marker'],
  ['x = +15', 15, 'last number'],
  ['\uff14\uff12 is the value', 42, 'last number'],
  ['Answer: 42\n\nI hope the answer is clear; 7 steps were needed.', 42, 'marker'],
  ['**Final Answer:**\n\\[\n\\boxed{12}\n\\]', 12, 'boxed'],
  ['Answer: 3/8 = 0.375', 0.375, 'marker'],
  ['\\boxed{ oops \\boxed{42} and 7', 42, 'boxed'],
  ['Answer: 300 Million dollars each', 3e8, 'marker'],
  ['It grew by 5 thousandths', 5, 'last number'],
  ['Answer: 1/4 million', 250_000, 'marker'],
  ['She runs 3 200-metre sprints', 200, 'last number'],
  ['It takes 2\u00bd hours', 2.5, 'last number'],
  ['It takes \u00be of an hour', 0.75, 'last number'],
  ['Answer: 2.88 \u00d7 10^10 kWh', 2.88e10, 'marker'],
];

describe('extractFinalAnswer', () => {
  it.each(EXTRACTIONS)('%j → %d via %s', (response, value, via, percent = false) => {
    const found = extractFinalAnswer(response);
    expect(found).not.toBeNull();
    expect(found!.value).toBeCloseTo(value, 12);
    expect(found!.via).toBe(via);
    expect(found!.percent).toBe(percent);
  });

  it.each([['The answer is twelve.'], ['I tried 5 and 6.\nAnswer: unknown'], ['no digits here'], [''], ['<think>it is 5</think>']])(
    'finds nothing in %j',
    (response) => {
      expect(extractFinalAnswer(response)).toBeNull();
    },
  );

  it('applies scale words exactly, so exact-count tasks still match', () => {
    expect(extractFinalAnswer('Answer: 28.8 billion kWh')?.value).toBe(28_800_000_000);
    expect(extractFinalAnswer('Answer: 17.7025 million')?.value).toBe(17_702_500);
  });

  it('never takes the working when a marker exists', () => {
    const found = extractFinalAnswer('First 3 + 4 = 7. Then 7 * 6 = 42. The answer is 42. Double-check: 84 / 2 = 42, 1000');
    expect(found?.value).toBe(42);
    expect(found?.via).toBe('marker');
  });
});

describe('findNumbers', () => {
  it('reads every number in order with its text', () => {
    const readings = findNumbers(normaliseText('From 1,500 to \u22122.5 and 3/8, then 10%'));
    expect(readings.map((r) => r.value)).toEqual([1500, -2.5, 0.375, 10]);
    expect(readings.map((r) => r.text)).toEqual(['1,500', '-2.5', '3/8', '10%']);
  });

  it('does not read numbers inside words or versions', () => {
    expect(findNumbers(normaliseText('H2O and v3 and CO2')).map((r) => r.value)).toEqual([]);
  });

  it('keeps a list of small numbers apart', () => {
    expect(findNumbers('1,2,3').map((r) => r.value)).toEqual([1, 2, 3]);
  });

  it('reads 3 5/2 as 3 then 5/2, not a mixed number', () => {
    expect(findNumbers('3 5/2').map((r) => r.value)).toEqual([3, 2.5]);
  });
});

describe('parseNumberText', () => {
  it.each([
    ['1,200', 1200],
    ['-7', -7],
    ['3/4', 0.75],
    ['$12.50', 12.5],
    [' 42 ', 42],
  ])('reads %j as %d', (text, value) => {
    expect(parseNumberText(text)?.value).toBe(value);
  });

  it.each([['12 apples'], ['1 and 2'], ['abc'], ['']])('refuses %j', (text) => {
    expect(parseNumberText(text)).toBeNull();
  });
});
