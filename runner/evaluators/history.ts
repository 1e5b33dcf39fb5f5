import { z } from 'zod';
import { CliError } from '../../lib/cli-error.ts';
import type { JudgeEvaluation } from '../../schema/judge.ts';
import type { Evaluator, EvaluationOutcome } from './evaluator.ts';
import { findJsonObject, jsonEqual } from './fields-json.ts';
import { HARD_FAIL_MAX_GRADE, PASS_GRADE, rubricText, verdictOf } from './judge.ts';
import { extractFinalAnswer } from './numeric-extract.ts';

/**
 * `history@1`: does a reply agree with the answer recorded for the same prompt (`ledgerbench replay`)?
 * Agreement, never correctness: the recorded answer may itself be wrong. Structured answers compare
 * exactly — a JSON object by value, a lone number by value — and free text goes to the judge.
 */
const NAME = 'history';
const VERSION = 1;
const ID = `${NAME}@${VERSION}`;

export const HistoryReferenceSchema = z.object({
  /** The prompt as the user sent it, shown to a judge. */
  prompt: z.string(),
  /** The recorded answer. */
  answer: z.string(),
});

const RUBRIC = ['Gives the same answer as the other reply: the same facts, figures, decisions and commitments.', 'Wording, length and tone may differ.'];

/** How a recorded answer is compared: `json` and `number` exactly, `text` by a judge. */
export function answerShape(answer: string): 'json' | 'number' | 'text' {
  const trimmed = answer.trim();
  if (/^(```(json)?\s*)?[[{]/.test(trimmed) && findJsonObject(trimmed).found) return 'json';
  if (/^[-+$€£]?\s*[\d.,]+\s*%?$/.test(trimmed) && extractFinalAnswer(trimmed) !== null) return 'number';
  return 'text';
}

function exact(evaluation: { agree: boolean; detail: string }): EvaluationOutcome {
  return {
    evaluation: {
      evaluator: ID,
      score: evaluation.agree ? 1 : 0,
      passed: evaluation.agree,
      checks: [{ name: 'agrees_with_history', passed: evaluation.agree, detail: evaluation.detail }],
    },
    failure: evaluation.agree ? null : { stage: 'semantic', class: 'disagrees_with_history', message: evaluation.detail },
  };
}

export const historyEvaluator: Evaluator = {
  name: NAME,
  version: VERSION,
  successDefinition:
    'agrees with the recorded answer: a JSON object or a number equal by value, free text graded by the judge (grade ≥ 4 of 5); agreement with history, not correctness',
  async evaluate(input) {
    const parsed = HistoryReferenceSchema.safeParse(input.reference);
    if (!parsed.success) throw new CliError(`${ID} reference: expected { prompt, answer } strings`);
    const { prompt, answer } = parsed.data;
    if (input.response.trim() === '') {
      return {
        evaluation: { evaluator: ID, score: 0, passed: false },
        failure: { stage: 'extract', class: 'empty_response', message: 'the response is empty' },
      };
    }
    const shape = answerShape(answer);
    if (shape === 'json') {
      const mine = findJsonObject(input.response);
      const recorded = findJsonObject(answer);
      const agree = mine.found && recorded.found && jsonEqual(mine.value, recorded.value);
      return exact({
        agree,
        detail: mine.found ? (agree ? 'same JSON value as recorded' : 'JSON differs from the recorded answer') : `no JSON object: ${mine.error}`,
      });
    }
    if (shape === 'number') {
      const mine = extractFinalAnswer(input.response);
      const recorded = extractFinalAnswer(answer)!.value;
      const agree = mine !== null && Math.abs(mine.value - recorded) <= 1e-9 * Math.max(1, Math.abs(recorded));
      return exact({ agree, detail: mine === null ? 'no number in the reply' : `${mine.value} vs recorded ${recorded}` });
    }
    const seats = input.judging?.seats ?? [];
    if (seats.length === 0) throw new CliError(`${ID}: a free-text answer needs a judge: give --judge MODEL`);
    const against = { message: prompt, reference_reply: answer, rubric: RUBRIC };
    const judges = [];
    for (const seat of seats) judges.push(await verdictOf(seat, input, against));
    const primary = judges[0]!;
    const judge: JudgeEvaluation = {
      rubric: rubricText(against),
      pass_grade: PASS_GRADE,
      hard_fail_max_grade: HARD_FAIL_MAX_GRADE,
      exact_passed: null,
      judges,
    };
    const agree = primary.passed === true;
    const detail = primary.grade === null ? `${primary.model} gave no parseable grade` : `${primary.model}: agreement grade ${primary.grade.toFixed(2)}/5`;
    const failure = agree
      ? null
      : primary.passed === null
        ? { stage: 'parse' as const, class: 'judge_no_grade', message: detail }
        : { stage: 'semantic' as const, class: 'disagrees_with_history', message: detail };
    return {
      evaluation: {
        evaluator: ID,
        score: primary.grade === null ? 0 : (primary.grade - 1) / 4,
        passed: agree,
        checks: [{ name: 'agrees_with_history', passed: agree, detail }],
        judge,
      },
      failure,
    };
  },
};
