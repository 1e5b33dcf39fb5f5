import type { Task } from '../../schema/experiment.ts';
import type { Evaluation, Failure, SandboxReport } from '../../schema/run-record.ts';
import type { JudgeSeat } from './judge-panel.ts';
import type { AgentFinish } from '../agent/loop.ts';

export interface EvaluationInput {
  response: string;
  reference: unknown;
  settings?: Record<string, unknown>;
  /** For judged evaluators: the judges to ask and the run they grade (absent outside a sweep). */
  judging?: { seats: JudgeSeat[]; task: Task & { evaluator: string }; experiment: string; signal?: AbortSignal };
  /** A tool-use run's ending (runner/agent/loop.ts); only the agent evaluator reads it. */
  agent?: AgentFinish;
}

export interface EvaluationOutcome {
  evaluation: Evaluation;
  /** null on success; a wrong answer is `semantic`, a broken shape `extract`/`parse`, and so on. */
  failure: Failure;
  sandbox?: SandboxReport;
}

/**
 * An evaluator: `name@version` in every record. Pure ones (numeric, fields) compute synchronously
 * inside; the code evaluator runs a sandboxed process, hence the promise.
 */
export interface Evaluator {
  readonly name: string;
  readonly version: number;
  /** What the evaluator counts as a success, for the task registry. */
  readonly successDefinition: string;
  evaluate(input: EvaluationInput): Promise<EvaluationOutcome>;
}
