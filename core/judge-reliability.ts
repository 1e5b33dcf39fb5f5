import type { JudgeCall, JudgeEvaluation } from '../schema/judge.ts';
import { cohenKappa, type Kappa } from './kappa.ts';
import { wilson, type Interval } from './wilson.ts';

/**
 * Below these a judged verdict is flagged as resting on an unreliable judge. Kappa 0.6 is the lower
 * edge of "substantial" agreement in Landis & Koch (1977); a judge whose pass/fail flips on more than
 * one reply in five when only the order changes is grading the layout, not the reply.
 */
export const RELIABILITY_THRESHOLDS = { kappa: 0.6, position_agreement: 0.8 } as const;

/** A share with its count and Wilson interval; rate null when nothing was counted. */
export interface Share {
  count: number;
  n: number;
  rate: number | null;
  interval: Interval;
}

/** How one judge behaved over the judged runs it graded. */
export interface JudgeReliability {
  runs: number;
  /** Runs the judge gave a verdict on (at least one call parsed). */
  graded: number;
  calls: number;
  no_grade_calls: number;
  /** Runs whose pass/fail was the same with the reply shown first and with the reference shown first. */
  position_agreement: Share;
  /** Of calls that preferred one text, the share that preferred the one shown first (0.5: no position bias). */
  first_preference: Share;
  /** Runs whose pass/fail was the same under the second seed (same order). */
  seed_agreement: Share;
  /** The judge's verdict on the hard checks (grade above `hard_fail_max_grade`) against the exact checks'. */
  exact_kappa: Kappa;
  judge_pass: Share;
  exact_pass: Share;
  usage: { prompt_tokens: number; output_tokens: number; wall_ms: number; joules: number | null };
  /** True when kappa and position agreement both reach RELIABILITY_THRESHOLDS. */
  reliable: boolean;
  /** Why not, in words; empty when reliable. */
  warnings: string[];
}

function share(count: number, n: number): Share {
  return { count, n, rate: n === 0 ? null : count / n, interval: wilson(count, n) };
}

const callAt = (calls: JudgeCall[], order: JudgeCall['order'], seedOffset: number, seed: number) =>
  calls.find((call) => call.order === order && call.seed === seed + seedOffset && call.passed !== null);

/** Agreement of two calls' pass/fail on one run, or null when either gave no grade. */
function agrees(a: JudgeCall | undefined, b: JudgeCall | undefined): boolean | null {
  return a === undefined || b === undefined ? null : a.passed === b.passed;
}

/** Reliability of the judge at `index` (0: the one that decides) over judged runs. Pure. */
export function judgeReliability(runs: readonly JudgeEvaluation[], index = 0): JudgeReliability {
  const verdicts = runs.flatMap((run) => (run.judges[index] ? [{ run, verdict: run.judges[index]! }] : []));
  const position: boolean[] = [];
  const seeds: boolean[] = [];
  let first = 0;
  let preferring = 0;
  let calls = 0;
  let noGrade = 0;
  const usage = { prompt_tokens: 0, output_tokens: 0, wall_ms: 0, joules: 0 as number | null };
  let energyKnown = true;
  for (const { verdict } of verdicts) {
    const seed = verdict.params.seed;
    const base = callAt(verdict.calls, 'reply_first', 0, seed);
    const pos = agrees(base, callAt(verdict.calls, 'reference_first', 0, seed));
    const again = agrees(base, callAt(verdict.calls, 'reply_first', 1, seed));
    if (pos !== null) position.push(pos);
    if (again !== null) seeds.push(again);
    for (const call of verdict.calls) {
      calls++;
      if (call.reply_grade === null || call.reference_grade === null) noGrade++;
      else if (call.reply_grade !== call.reference_grade) {
        preferring++;
        const replyShownFirst = call.order === 'reply_first';
        if (call.reply_grade > call.reference_grade === replyShownFirst) first++;
      }
      usage.prompt_tokens += call.usage.prompt_tokens ?? 0;
      usage.output_tokens += call.usage.output_tokens ?? 0;
      usage.wall_ms += call.usage.wall_ms ?? 0;
      if (call.usage.joules === null) energyKnown = false;
      else usage.joules! += call.usage.joules;
    }
  }
  const graded = verdicts.filter(({ verdict }) => verdict.passed !== null);
  // Where both apply: the judge's view of the hard checks (mean grade above the rubric's cap for a
  // missed fact or forbidden promise) against the exact checks. Tone is the judge's alone.
  const checked = graded.filter(({ run }) => run.exact_passed !== null);
  const exactKappa = cohenKappa(checked.map(({ run, verdict }) => [verdict.grade! > run.hard_fail_max_grade + 0.5, run.exact_passed!] as const));
  const positionAgreement = share(position.filter(Boolean).length, position.length);
  const warnings = reliabilityWarnings(exactKappa, positionAgreement, graded.length, verdicts.length);
  return {
    runs: verdicts.length,
    graded: graded.length,
    calls,
    no_grade_calls: noGrade,
    position_agreement: positionAgreement,
    first_preference: share(first, preferring),
    seed_agreement: share(seeds.filter(Boolean).length, seeds.length),
    exact_kappa: exactKappa,
    judge_pass: share(graded.filter(({ verdict }) => verdict.passed).length, graded.length),
    exact_pass: share(verdicts.filter(({ run }) => run.exact_passed === true).length, verdicts.filter(({ run }) => run.exact_passed !== null).length),
    usage: { ...usage, joules: energyKnown && calls > 0 ? usage.joules : null },
    reliable: warnings.length === 0,
    warnings,
  };
}

function reliabilityWarnings(kappa: Kappa, position: Share, graded: number, runs: number): string[] {
  const warnings: string[] = [];
  if (kappa.kappa === null) warnings.push('agreement with the exact checks is undefined (too few or one-sided verdicts)');
  else if (kappa.kappa < RELIABILITY_THRESHOLDS.kappa) {
    warnings.push(`agreement with the exact checks is kappa ${kappa.kappa.toFixed(2)}, below ${RELIABILITY_THRESHOLDS.kappa}`);
  }
  if (position.rate === null) warnings.push('position consistency was not measured (no reply graded in both orders)');
  else if (position.rate < RELIABILITY_THRESHOLDS.position_agreement) {
    warnings.push(
      `the verdict changes with the order on ${((1 - position.rate) * 100).toFixed(0)}% of replies (threshold ${Math.round((1 - RELIABILITY_THRESHOLDS.position_agreement) * 100)}%)`,
    );
  }
  // A few unparseable answers are noise; more than one in ten means the judge cannot follow the format.
  if (runs > 0 && (runs - graded) / runs > 0.1) warnings.push(`${runs - graded} of ${runs} replies got no parseable grade`);
  return warnings;
}
