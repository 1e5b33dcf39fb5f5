import { z } from 'zod';

/**
 * `evaluation.judge`: what a judged evaluator (`judge@1`) keeps of its judges — the rubric, each
 * judge model with its parameters, every call's raw verdict text, order and seed, and the judge's own
 * tokens, time and energy. The judge's usage sits here and only here, so it is never summed with the
 * candidate's `tokens`, `timing` and `energy`; it has its own flat shape (not the record's groups)
 * for that reason, and so this file imports nothing from run-record.ts (which imports it).
 */

const nonNegative = z.number().finite().nonnegative();
const grade = z.number().int().min(1).max(5);

/** Which text the judge was shown first: the candidate's reply (as "Reply A") or the reference. */
export const JudgeOrderSchema = z.enum(['reply_first', 'reference_first']);

/** The judge's own cost for one call: never counted as the candidate's. */
export const JudgeUsageSchema = z.object({
  prompt_tokens: z.number().int().nonnegative().nullable(),
  output_tokens: z.number().int().nonnegative().nullable(),
  token_source: z.enum(['server', 'estimate']).nullable(),
  wall_ms: nonNegative.nullable(),
  joules: nonNegative.nullable(),
  energy_method: z.enum(['nvml-counter', 'power-integration', 'simulated', 'none']),
});

export const JudgeCallSchema = z.object({
  order: JudgeOrderSchema,
  seed: z.number().int(),
  /** The judge's raw answer, always kept: it is the evidence for the grade. */
  text: z.string(),
  /** The grades the judge gave the candidate's reply and the reference; null when unparseable. */
  reply_grade: grade.nullable(),
  reference_grade: grade.nullable(),
  /** reply_grade ≥ pass_grade; null when this call gave no grade. */
  passed: z.boolean().nullable(),
  /** Why this call gave no grade (`judge_no_grade`, or a transport class); null when it did. */
  failure: z.object({ class: z.string().min(1), message: z.string() }).nullable(),
  usage: JudgeUsageSchema,
});

export const JudgeVerdictSchema = z.object({
  /** The judge as `--judge` spells it: `sim:judge`, `openai:NAME`, `qwen3:8b`. */
  model: z.string().min(1),
  simulated: z.boolean(),
  params: z.object({ temperature: nonNegative, seed: z.number().int(), max_tokens: z.number().int().positive() }),
  calls: z.array(JudgeCallSchema),
  /** Mean reply grade over the calls that gave one; null when none did. */
  grade: z.number().min(1).max(5).nullable(),
  /** grade ≥ pass_grade; null when no call gave a grade. */
  passed: z.boolean().nullable(),
});

export const JudgeEvaluationSchema = z.object({
  /** The rubric the judges were given, verbatim. */
  rubric: z.string(),
  /** The lowest grade (1..5) that counts as acceptable. */
  pass_grade: grade,
  /**
   * The rubric caps a reply that misses a required fact or makes a forbidden promise at this grade, so a
   * mean grade above it (by more than half a point) is the judge's own "the hard checks pass": the verdict
   * its agreement with the exact checks is measured on.
   */
  hard_fail_max_grade: grade,
  /** The rubric's hard checks (required facts, forbidden promises), done exactly, not by a judge; null where there are none (replay). */
  exact_passed: z.boolean().nullable(),
  /** The first judge decides `evaluation.passed`; a second one is measured against it. */
  judges: z.array(JudgeVerdictSchema).min(1),
});

export type JudgeOrder = z.infer<typeof JudgeOrderSchema>;
export type JudgeUsage = z.infer<typeof JudgeUsageSchema>;
export type JudgeCall = z.infer<typeof JudgeCallSchema>;
export type JudgeVerdict = z.infer<typeof JudgeVerdictSchema>;
export type JudgeEvaluation = z.infer<typeof JudgeEvaluationSchema>;
