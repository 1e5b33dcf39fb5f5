import { z } from 'zod';
import { CliError } from '../../lib/cli-error.ts';
import type { Check, Failure } from '../../schema/run-record.ts';
import type { JudgeCall, JudgeEvaluation, JudgeOrder, JudgeVerdict } from '../../schema/judge.ts';
import { TransportError } from '../backends/backend.ts';
import type { Evaluator, EvaluationInput, EvaluationOutcome } from './evaluator.ts';
import { FieldsCheckSchema, scoreFields } from './fields.ts';
import { JUDGE_PARAMS, type JudgeSeat } from './judge-panel.ts';
import { judgePrompt, parseGrades } from './judge-prompt.ts';

/**
 * `judge@1`: a judge model grades a free-text reply against a rubric and a reference reply, and the
 * rubric's hard checks (required facts, forbidden promises) are done exactly by `fields@1`. Each judge
 * grades every reply three times — reply shown first, reference shown first, and reply first with a
 * second seed — so its position bias and self-consistency are measured on the very runs it graded.
 */
const NAME = 'judge';
const VERSION = 1;
const ID = `${NAME}@${VERSION}`;

/** Grades 1..5; 4 ("good") and above is acceptable. */
export const PASS_GRADE = 4;
/** The highest grade the rubric allows a reply that misses a fact or makes a forbidden promise. */
export const HARD_FAIL_MAX_GRADE = 2;

export const JudgeReferenceSchema = z.object({
  /** The customer's message, as the judge is shown it. */
  message: z.string().min(1),
  /** A reply that meets the rubric, written for the task. */
  reference_reply: z.string().min(1),
  /** What a good reply does, one criterion a line. */
  rubric: z.array(z.string().min(1)).min(1),
  /** The hard checks: `fact` (must contain) and `banned` (must not promise), done exactly. */
  checks: z.array(FieldsCheckSchema).min(1),
});

export type JudgeReference = z.infer<typeof JudgeReferenceSchema>;
/** What a judge grades a reply against: the message, a reference reply and a rubric (replay grades against history). */
export type GradedAgainst = Pick<JudgeReference, 'message' | 'reference_reply' | 'rubric'>;

/** The calls each judge makes for one reply, in order. */
const CALL_PLAN: ReadonlyArray<{ order: JudgeOrder; seedOffset: number }> = [
  { order: 'reply_first', seedOffset: 0 },
  { order: 'reference_first', seedOffset: 0 },
  { order: 'reply_first', seedOffset: 1 },
];

function parseReference(value: unknown): JudgeReference {
  const parsed = JudgeReferenceSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new CliError(`${ID} ${['reference', ...issue.path.map(String)].join('.')}: ${issue.message}`);
}

export function rubricText(reference: Pick<JudgeReference, 'rubric'>): string {
  return reference.rubric.map((line) => `- ${line}`).join('\n');
}

async function judgeOnce(seat: JudgeSeat, input: EvaluationInput, reference: GradedAgainst, plan: (typeof CALL_PLAN)[number]): Promise<JudgeCall> {
  const seed = seat.seed + plan.seedOffset;
  const prompt = judgePrompt({
    message: reference.message,
    rubric: rubricText(reference),
    reply: input.response,
    reference: reference.reference_reply,
    order: plan.order,
    hardFailMax: HARD_FAIL_MAX_GRADE,
  });
  const judging = input.judging!;
  try {
    const { text, usage } = await seat.ask({
      prompt,
      seed,
      order: plan.order,
      reply: input.response,
      reference: reference.reference_reply,
      task: judging.task,
      experiment: judging.experiment,
      ...(judging.signal === undefined ? {} : { signal: judging.signal }),
    });
    const grades = parseGrades(text);
    const [reply, ref] = grades === null ? [null, null] : plan.order === 'reply_first' ? [grades.first, grades.second] : [grades.second, grades.first];
    return {
      order: plan.order,
      seed,
      text,
      reply_grade: reply,
      reference_grade: ref,
      passed: reply === null ? null : reply >= PASS_GRADE,
      failure: grades === null ? { class: 'judge_no_grade', message: 'no "A: <1-5>" and "B: <1-5>" lines in the judge answer' } : null,
      usage,
    };
  } catch (error) {
    if (!(error instanceof TransportError) || judging.signal?.aborted) throw error;
    const usage = { prompt_tokens: null, output_tokens: null, token_source: null, wall_ms: null, joules: null, energy_method: 'none' as const };
    return {
      order: plan.order,
      seed,
      text: '',
      reply_grade: null,
      reference_grade: null,
      passed: null,
      failure: { class: error.failureClass, message: error.message },
      usage,
    };
  }
}

/** One judge's verdict on a reply: its three calls and their mean grade. */
export async function verdictOf(seat: JudgeSeat, input: EvaluationInput, reference: GradedAgainst): Promise<JudgeVerdict> {
  const calls: JudgeCall[] = [];
  // One at a time: the judge server's load stays that of one run, like the candidate's.
  for (const plan of CALL_PLAN) calls.push(await judgeOnce(seat, input, reference, plan));
  const grades = calls.flatMap((call) => (call.reply_grade === null ? [] : [call.reply_grade]));
  const grade = grades.length === 0 ? null : grades.reduce((sum, g) => sum + g, 0) / grades.length;
  return {
    model: seat.model,
    simulated: seat.simulated,
    params: { temperature: JUDGE_PARAMS.temperature, seed: seat.seed, max_tokens: JUDGE_PARAMS.max_tokens },
    calls,
    grade,
    passed: grade === null ? null : grade >= PASS_GRADE,
  };
}

/** Why the first judge gave no verdict: a transport failure when every call failed so (a resume retries it), else no grade. */
function noGradeFailure(verdict: JudgeVerdict): Failure {
  const transport = verdict.calls.every((call) => call.failure !== null && call.failure.class !== 'judge_no_grade');
  if (transport)
    return { stage: 'transport', class: `judge_${verdict.calls[0]!.failure!.class}`, message: `${verdict.model}: ${verdict.calls[0]!.failure!.message}` };
  const raw = verdict.calls.find((call) => call.text !== '')?.text ?? '';
  const shown = raw.length > 120 ? `${raw.slice(0, 120)}…` : raw;
  return {
    stage: 'parse',
    class: 'judge_no_grade',
    message: `${verdict.model} gave no parseable grade in ${verdict.calls.length} calls: ${JSON.stringify(shown)}`,
  };
}

/** Combines the exact checks and the first judge's verdict into the record's evaluation and failure. */
function combine(exact: EvaluationOutcome, verdicts: JudgeVerdict[], reference: JudgeReference): EvaluationOutcome {
  const primary = verdicts[0]!;
  const judgeScore = primary.grade === null ? 0 : (primary.grade - 1) / 4;
  const judged = primary.calls.filter((call) => call.reply_grade !== null).length;
  const judgeCheck: Check = {
    name: 'judge',
    passed: primary.passed === true,
    score: judgeScore,
    detail:
      primary.grade === null
        ? `${primary.model}: no grade in ${primary.calls.length} calls`
        : `${primary.model}: grade ${primary.grade.toFixed(2)}/5 over ${judged} of ${primary.calls.length} calls (pass ≥ ${PASS_GRADE})`,
  };
  const judge: JudgeEvaluation = {
    rubric: rubricText(reference),
    pass_grade: PASS_GRADE,
    hard_fail_max_grade: HARD_FAIL_MAX_GRADE,
    exact_passed: exact.evaluation.passed,
    judges: verdicts,
  };
  let failure = exact.failure;
  if (failure === null && primary.passed === null) failure = noGradeFailure(primary);
  if (failure === null && primary.passed === false) {
    failure = { stage: 'semantic', class: 'judge_rejected', message: `${primary.model} graded the reply ${primary.grade!.toFixed(2)}/5, below ${PASS_GRADE}` };
  }
  return {
    evaluation: {
      evaluator: ID,
      // Half the exact checks' share, half the judge's grade on [0, 1]: neither alone is the score.
      score: (exact.evaluation.score + judgeScore) / 2,
      passed: exact.evaluation.passed && primary.passed === true,
      checks: [...(exact.evaluation.checks ?? []), judgeCheck],
      judge,
    },
    failure,
  };
}

export const judgeEvaluator: Evaluator = {
  name: NAME,
  version: VERSION,
  successDefinition: `every hard check passes (required facts present, no forbidden promise) and the first judge's mean grade is at least ${PASS_GRADE} of 5; score = mean of the checks' share and the judge's grade on [0, 1]`,
  async evaluate(input) {
    const reference = parseReference(input.reference);
    const exact = scoreFields({ response: input.response, reference: { checks: reference.checks } });
    // An empty reply has nothing to grade: the exact checks already fail it, no judge is asked.
    if (exact.failure?.stage === 'extract') return { evaluation: { ...exact.evaluation, evaluator: ID }, failure: exact.failure };
    const seats = input.judging?.seats ?? [];
    if (seats.length === 0) throw new CliError(`${ID} needs a judge model: run it with --judge MODEL (e.g. --judge sim:judge)`);
    const verdicts: JudgeVerdict[] = [];
    for (const seat of seats) verdicts.push(await verdictOf(seat, input, reference));
    return combine(exact, verdicts, reference);
  },
};
