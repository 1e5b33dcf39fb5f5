import { z } from 'zod';
import { surfaceEnvelope } from './envelope.ts';

const count = z.number().int().nonnegative();

/** One imported run on which our verdict and the source harness's differ. */
export const RescoringDisagreementSchema = z.object({
  run_id: z.string(),
  model: z.string(),
  task_id: z.string(),
  /** Our verdict (the record's evaluation.passed); theirs is the opposite. */
  ours_passed: z.boolean(),
});

/**
 * Per suite × source format: imported runs that `ledgerbench import --rescore` scored again with
 * our evaluator while the source kept its own verdict, and how often the two agree.
 */
export const RescoringRowSchema = z.object({
  experiment: z.string(),
  /** origin.format: the harness the runs came from. */
  origin_format: z.string(),
  /** Our evaluators that scored them (`numeric@1`, `humaneval@1`), sorted. */
  evaluators: z.array(z.string()),
  models: count,
  compared: count,
  agree: count,
  disagree: count,
  both_passed: count,
  both_failed: count,
  /** We pass, they fail. */
  ours_only_passed: count,
  /** They pass, we fail. */
  theirs_only_passed: count,
  /** agree ÷ compared. */
  agreement_rate: z.number().min(0).max(1),
  /** Every disagreeing run, by run id (the site links each to #/run/<id>). */
  disagreements: z.array(RescoringDisagreementSchema),
  simulated: z.boolean(),
});

export const RescoringSchema = surfaceEnvelope('rescoring', RescoringRowSchema);

export type RescoringRow = z.infer<typeof RescoringRowSchema>;
export type Rescoring = z.infer<typeof RescoringSchema>;
