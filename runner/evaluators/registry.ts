import { CliError } from '../../lib/cli-error.ts';
import type { Evaluator } from './evaluator.ts';
import { numericEvaluator } from './numeric.ts';
import { fieldsEvaluator } from './fields.ts';
import { codeEvaluator } from './code.ts';
import { humanevalEvaluator } from './humaneval.ts';
import { mbppEvaluator } from './mbpp.ts';
import { judgeEvaluator } from './judge.ts';
import { historyEvaluator } from './history.ts';
import { agentEvaluator } from './agent.ts';

/** Every evaluator by name; a record names one as `name@version`. */
const EVALUATORS: readonly Evaluator[] = [
  numericEvaluator,
  fieldsEvaluator,
  codeEvaluator,
  humanevalEvaluator,
  mbppEvaluator,
  judgeEvaluator,
  historyEvaluator,
  agentEvaluator,
];

export function evaluatorNames(): string[] {
  return EVALUATORS.map((e) => e.name);
}

/** Looks up `name` or `name@version`; an unknown name or version is one clear line. */
export function getEvaluator(id: string): Evaluator {
  const [name, version] = id.split('@');
  const evaluator = EVALUATORS.find((e) => e.name === name);
  if (!evaluator) throw new CliError(`unknown evaluator '${id}'; known: ${evaluatorNames().join(', ')}`);
  if (version !== undefined && Number(version) !== evaluator.version) {
    throw new CliError(`evaluator '${id}' is not available: this build has ${name}@${evaluator.version}`);
  }
  return evaluator;
}
