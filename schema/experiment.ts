import { z } from 'zod';
import { AgentSuiteSchema } from './agent-suite.ts';

/**
 * A suite on disk: `experiments/<id>/manifest.json` plus `experiments/<id>/tasks.jsonl`,
 * one task a line. Standard suites (humaneval, mbpp, gsm8k) are converted into the same
 * in-memory `Task` shape by their dataset loaders.
 */
export const ExperimentManifestSchema = z.object({
  id: z.string().regex(/^[a-z0-9_]+$/),
  title: z.string(),
  description: z.string(),
  /** Default evaluator for every task, `name@version`; a task may override it. */
  evaluator: z.string().regex(/^[a-z0-9_-]+@\d+$/),
  tasks_file: z.string().default('tasks.jsonl'),
  /** Generation defaults for this suite; the command line overrides them. */
  defaults: z
    .object({
      max_tokens: z.number().int().positive().optional(),
      temperature: z.number().nonnegative().optional(),
    })
    .default({}),
  /** Written for this project (`original`) or loaded from a public dataset (cite it). */
  source: z.string().default('original'),
  /** A tool-use suite's tools and safety rules (schema/agent-suite.ts). */
  agent: AgentSuiteSchema.optional(),
});

export const TaskSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_.:/-]+$/),
  family: z.string().min(1),
  prompt: z.string().min(1),
  /** What the evaluator compares against; its shape is the evaluator's (a number, a check list, tests). */
  reference: z.unknown(),
  evaluator: z
    .string()
    .regex(/^[a-z0-9_-]+@\d+$/)
    .optional(),
  /** Evaluator settings for this task (tolerance, entry point, ...). */
  settings: z.record(z.string(), z.unknown()).optional(),
  /** A success definition in words, shown in the task registry. */
  success: z.string().optional(),
});

export type ExperimentManifest = z.infer<typeof ExperimentManifestSchema>;
export type Task = z.infer<typeof TaskSchema>;

/** A loaded suite: its manifest and its tasks, each with the evaluator resolved. */
export interface Experiment {
  manifest: ExperimentManifest;
  tasks: Array<Task & { evaluator: string }>;
}
