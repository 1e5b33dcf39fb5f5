import { describe, expect, it } from 'vitest';
import { judgeReliability } from '../../../core/judge-reliability.ts';
import { JudgeEvaluationSchema } from '../../../schema/judge.ts';
import { TransportError } from '../../../runner/backends/backend.ts';
import { judgeEvaluator } from '../../../runner/evaluators/judge.ts';
import type { JudgeAsk, JudgeSeat } from '../../../runner/evaluators/judge-panel.ts';
import { parseGrades } from '../../../runner/evaluators/judge-prompt.ts';

const reference = {
  message: 'Where is my order?',
  reference_reply: 'Hi. The carrier reports a weather delay. It should arrive on Friday.',
  rubric: ['Apologises.', 'States the new date.'],
  checks: [
    { kind: 'fact', name: 'date', any_of: ['Friday'] },
    { kind: 'banned', name: 'no_today', terms: ['arrive today'] },
  ],
};
const task = { id: 't1', family: 'shipping', prompt: 'p', reference, evaluator: 'judge@1' };
const good = 'Sorry for the wait: a weather delay held it up, and it should now arrive on Friday.';
const missingFact = 'Sorry for the wait, it is on its way.';

/** A judge seat that answers with `answer(request)`: a stand-in for a judge model's text. */
function seat(answer: (request: JudgeAsk) => string, model = 'sim:scripted'): JudgeSeat & { asks: JudgeAsk[] } {
  const asks: JudgeAsk[] = [];
  return {
    model,
    simulated: true,
    seed: 7,
    asks,
    async ask(request) {
      asks.push(request);
      return {
        text: answer(request),
        usage: { prompt_tokens: 100, output_tokens: 6, token_source: 'estimate', wall_ms: 50, joules: 2, energy_method: 'simulated' },
      };
    },
  };
}

/** A fair judge: grades whichever text is the candidate's reply `replyGrade`, the reference 5. */
const fair = (replyGrade: number) => (request: JudgeAsk) => (request.order === 'reply_first' ? `A: ${replyGrade}\nB: 5` : `A: 5\nB: ${replyGrade}`);

const evaluate = (response: string, seats: JudgeSeat[]) =>
  judgeEvaluator.evaluate({ response, reference, judging: { seats, task, experiment: 'support_replies_v1' } });

describe('judge@1', () => {
  it('asks each judge three times (reply first, reference first, second seed) and keeps the rubric, params and raw text', async () => {
    const judge = seat(fair(5));
    const outcome = await evaluate(good, [judge]);
    expect(judge.asks.map((a) => [a.order, a.seed])).toEqual([
      ['reply_first', 7],
      ['reference_first', 7],
      ['reply_first', 8],
    ]);
    // The reply and the reference swap places between the first two prompts.
    expect(judge.asks[0]!.prompt.indexOf(good)).toBeLessThan(judge.asks[0]!.prompt.indexOf(reference.reference_reply));
    expect(judge.asks[1]!.prompt.indexOf(good)).toBeGreaterThan(judge.asks[1]!.prompt.indexOf(reference.reference_reply));
    const record = JudgeEvaluationSchema.parse(outcome.evaluation.judge);
    expect(record.rubric).toBe('- Apologises.\n- States the new date.');
    expect(record.judges[0]!.params).toEqual({ temperature: 0.7, seed: 7, max_tokens: 128 });
    expect(record.judges[0]!.calls.map((c) => c.text)).toEqual(['A: 5\nB: 5', 'A: 5\nB: 5', 'A: 5\nB: 5']);
    expect(outcome.evaluation).toMatchObject({ evaluator: 'judge@1', passed: true, score: 1 });
    expect(outcome.failure).toBeNull();
  });

  it('fails a reply the judge grades low, and a reply that misses a fact whatever the judge says', async () => {
    const low = await evaluate(good, [seat(fair(2))]);
    expect(low.evaluation.passed).toBe(false);
    expect(low.failure).toMatchObject({ stage: 'semantic', class: 'judge_rejected' });
    const lenient = await evaluate(missingFact, [seat(fair(5))]);
    expect(lenient.evaluation.passed).toBe(false);
    expect(lenient.failure).toMatchObject({ stage: 'semantic', class: 'missing_fact' });
    expect(lenient.evaluation.judge!.exact_passed).toBe(false);
  });

  it('classifies a judge with no parseable grade, keeping its raw text, never passing', async () => {
    const outcome = await evaluate(good, [seat(() => 'Both replies look fine to me.')]);
    expect(outcome.evaluation.passed).toBe(false);
    expect(outcome.failure).toMatchObject({ stage: 'parse', class: 'judge_no_grade' });
    expect(outcome.failure!.message).toContain('Both replies look fine to me.');
    expect(outcome.evaluation.judge!.judges[0]!.calls.every((c) => c.failure?.class === 'judge_no_grade' && c.text !== '')).toBe(true);
  });

  it('records a judge that fails in transport as a transport failure of the judge, not a crash', async () => {
    const down: JudgeSeat = {
      model: 'openai:judge',
      simulated: false,
      seed: 1,
      ask: async () => {
        throw new TransportError('connection_refused', 'connect ECONNREFUSED 127.0.0.1:9');
      },
    };
    const outcome = await evaluate(good, [down]);
    expect(outcome.failure).toMatchObject({ stage: 'transport', class: 'judge_connection_refused' });
  });

  it('asks no judge about an empty reply', async () => {
    const judge = seat(fair(5));
    const outcome = await evaluate('   ', [judge]);
    expect(judge.asks).toHaveLength(0);
    expect(outcome.failure).toMatchObject({ stage: 'extract', class: 'empty_response' });
    expect(outcome.evaluation.evaluator).toBe('judge@1');
  });

  it('refuses to run without a judge', async () => {
    await expect(judgeEvaluator.evaluate({ response: good, reference })).rejects.toThrow(/needs a judge model: run it with --judge/);
  });

  it('the swap test catches a judge that always prefers the first position', async () => {
    const firstLover = seat(() => 'A: 5\nB: 2');
    const fairJudge = seat(fair(5));
    const runs = [];
    const fairRuns = [];
    for (const response of [good, good, missingFact, good]) {
      runs.push((await evaluate(response, [firstLover])).evaluation.judge!);
      fairRuns.push((await evaluate(response, [fairJudge])).evaluation.judge!);
    }
    const biased = judgeReliability(runs);
    expect(biased.first_preference.rate).toBe(1);
    expect(biased.position_agreement.rate).toBe(0);
    expect(biased.reliable).toBe(false);
    expect(biased.warnings.join(' ')).toMatch(/changes with the order on 100% of replies/);
    const honest = judgeReliability(fairRuns);
    expect(honest.position_agreement.rate).toBe(1);
    expect(honest.seed_agreement.rate).toBe(1);
  });
});

describe('parseGrades', () => {
  it('reads the usual ways models write the two lines', () => {
    expect(parseGrades('A: 4\nB: 5')).toEqual({ first: 4, second: 5 });
    expect(parseGrades('**A:** 3/5\n**B:** 1/5')).toEqual({ first: 3, second: 1 });
    expect(parseGrades('<think>A: 1</think>\nReply A = 5\nReply B - 2')).toEqual({ first: 5, second: 2 });
  });
  it('refuses prose, a missing line and grades outside 1..5', () => {
    expect(parseGrades('Reply A is better.')).toBeNull();
    expect(parseGrades('A: 4')).toBeNull();
    expect(parseGrades('A: 7\nB: 0')).toBeNull();
  });
});
