import type { Task } from '../../../schema/experiment.ts';
import { codeReply } from './code-answer.ts';
import { fieldsReply } from './fields-answer.ts';
import { numericReply, type SimReply } from './numeric-answer.ts';
import { supportReply, type SupportReference } from './support-answer.ts';
import { correctProbability, drawOutcome, taskDifficulty } from './outcome.ts';
import type { AnswerKind, SimProfile } from './profiles.ts';
import type { Random } from './random.ts';

export interface ReplyContext {
  profile: SimProfile;
  task: Task & { evaluator: string };
  experiment: string;
  arm: string;
  random: Random;
}

/** The simulator's answer to one task: decided by skill and difficulty, written in the evaluator's terms. */
export function simulateReply({ profile, task, experiment, arm, random }: ReplyContext): SimReply {
  // Support replies are prose the judge grades: written with the profile's prose (fields) skill.
  if (task.evaluator.startsWith('judge@')) {
    const p = correctProbability(profile, 'fields', task.family, taskDifficulty(experiment, task.id), arm);
    return supportReply((task.reference ?? {}) as SupportReference, drawOutcome(random, profile, p), random);
  }
  const kind = answerKind(task.evaluator);
  if (kind === null) return { text: 'I do not know how to answer this kind of task.', done_reason: 'stop' };
  const p = correctProbability(profile, kind, task.family, taskDifficulty(experiment, task.id), arm);
  const outcome = drawOutcome(random, profile, p);
  const reference = (task.reference ?? {}) as Record<string, unknown>;
  switch (kind) {
    case 'numeric':
      return numericReply(
        Number(typeof task.reference === 'string' ? task.reference.replace(/,/g, '') : task.reference),
        task.family,
        outcome,
        random,
        profile.verbosity,
      );
    case 'fields':
      return fieldsReply(Array.isArray(reference.checks) ? reference.checks : [], outcome, random, profile.verbosity);
    default: {
      const { solution, entryPoint } = referenceSolution(kind, reference);
      const followsContract = arm === 'contract' && random() < profile.contract_compliance;
      return codeReply(solution, entryPoint, outcome, { random, verbosity: profile.verbosity, followsContract });
    }
  }
}

function answerKind(evaluator: string): Exclude<AnswerKind, 'agent'> | null {
  const name = evaluator.split('@')[0];
  return name === 'numeric' || name === 'fields' || name === 'code' || name === 'humaneval' || name === 'mbpp' ? name : null;
}

/** Where each code suite keeps its known-good answer (see the reference shapes in docs/evaluators.md). */
function referenceSolution(kind: Exclude<AnswerKind, 'agent'>, reference: Record<string, unknown>): { solution?: string; entryPoint?: string } {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  if (kind === 'humaneval') {
    const prompt = text(reference.prompt);
    const body = text(reference.canonical_solution);
    return { solution: prompt !== undefined && body !== undefined ? prompt + body : undefined, entryPoint: text(reference.entry_point) };
  }
  if (kind === 'mbpp') {
    const firstTest = Array.isArray(reference.test_list) ? String(reference.test_list[0] ?? '') : '';
    return { solution: text(reference.code), entryPoint: /assert\s+(?:not\s+)?\(?\s*(\w+)\s*\(/.exec(firstTest)?.[1] };
  }
  return { solution: text(reference.solution), entryPoint: text(reference.entry_point) };
}
