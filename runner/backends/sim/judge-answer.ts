import { scoreFields } from '../../evaluators/fields.ts';
import type { JudgingHint } from '../backend.ts';
import { CURT_MARKERS } from './support-answer.ts';
import { pick, type Random } from './random.ts';
import type { SimReply } from './numeric-answer.ts';

/**
 * How a simulated judge errs, per profile: how often it misjudges a reply's quality, how often it
 * favours whichever reply it read first, and how often its answer has no grade lines. Illustrative,
 * chosen so the reliability figures on the demo are neither perfect nor useless; a small model is a
 * poor judge, as published studies of LLM judges find (Zheng et al. 2023, "Judging LLM-as-a-Judge").
 */
const JUDGE_HABITS: Readonly<Record<string, { misjudge: number; first_bias: number; no_grade: number }>> = {
  judge: { misjudge: 0.1, first_bias: 0.06, no_grade: 0.02 },
  large: { misjudge: 0.03, first_bias: 0.05, no_grade: 0.01 },
  medium: { misjudge: 0.12, first_bias: 0.15, no_grade: 0.03 },
  small: { misjudge: 0.25, first_bias: 0.35, no_grade: 0.1 },
};
const DEFAULT_HABITS = JUDGE_HABITS.medium!;

/** The simulator playing a judge: grades "Reply A" and "Reply B" of a judge prompt, with the profile's flaws. */
export function judgeReply(profile: string, hint: JudgingHint, reference: unknown, random: Random): SimReply {
  const habits = JUDGE_HABITS[profile] ?? DEFAULT_HABITS;
  if (random() < habits.no_grade)
    return { text: pick(random, ['Both replies address the customer reasonably well.', 'Reply A is better.']), done_reason: 'stop' };
  let reply = perceivedGrade(quality(hint.reply, reference), random);
  let ref = perceivedGrade('good', random);
  // A misjudged reply: a good one read as faulty, a faulty one read as fine.
  if (random() < habits.misjudge) reply = reply >= 4 ? pick(random, [2, 3]) : pick(random, [4, 5]);
  let [first, second] = hint.order === 'reply_first' ? [reply, ref] : [ref, reply];
  if (random() < habits.first_bias) [first, second] = [Math.min(5, Math.max(first, second) + 1), Math.max(1, Math.min(first, second) - 1)];
  [reply, ref] = hint.order === 'reply_first' ? [first, second] : [second, first];
  const why = reply >= 4 ? 'covers the required points politely' : 'misses or misstates something the rubric requires';
  return { text: `A: ${first}\nB: ${second}\nThe ${hint.order === 'reply_first' ? 'first' : 'second'} reply ${why}.`, done_reason: 'stop' };
}

/** What a careful grader would conclude: a hard fault (a fact missing, a forbidden promise), a curt tone, or good. */
function quality(reply: string, reference: unknown): 'good' | 'curt' | 'hard_fault' {
  const checks = (reference as { checks?: unknown } | null)?.checks;
  if (!Array.isArray(checks) || reply.trim() === '') return 'hard_fault';
  if (!scoreFields({ response: reply, reference: { checks } }).evaluation.passed) return 'hard_fault';
  return CURT_MARKERS.some((marker) => reply.includes(marker)) ? 'curt' : 'good';
}

/** The grade the rubric asks for: a hard fault at most 2, a curt but correct reply 3, a good one 4 or 5. */
function perceivedGrade(quality: 'good' | 'curt' | 'hard_fault', random: Random): number {
  if (quality === 'good') return pick(random, [4, 5, 5]);
  return quality === 'curt' ? 3 : pick(random, [1, 2, 2]);
}
