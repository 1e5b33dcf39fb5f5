import { logistic, logit, rngFor, type Random } from './random.ts';
import type { AnswerKind, SimProfile } from './profiles.ts';

export type Outcome = 'correct' | 'wrong' | 'malformed';

/** Log-odds spread of task difficulty: the hardest tasks sit about 2.2 logits below the easiest. */
const DIFFICULTY_SPREAD = 2.2;

/**
 * A task's difficulty in [0, 1), the same for every model, so that models agree on which tasks are
 * hard (as real models do) and paired comparisons see correlated outcomes.
 */
export function taskDifficulty(experiment: string, taskId: string): number {
  return rngFor('difficulty', experiment, taskId)();
}

export function correctProbability(profile: SimProfile, kind: AnswerKind, family: string, difficulty: number, arm: string): number {
  const armShift = arm === 'contract' ? profile.contract_effect : 0;
  const shift = (profile.family_bias[family] ?? 0) + DIFFICULTY_SPREAD * (0.5 - difficulty) + armShift;
  return logistic(logit(profile.skill[kind]) + shift);
}

/** Draws whether this reply is right, plausibly wrong, or unusable. */
export function drawOutcome(random: Random, profile: SimProfile, pCorrect: number): Outcome {
  if (random() < profile.malformed_rate) return 'malformed';
  return random() < pCorrect ? 'correct' : 'wrong';
}
