import { z } from 'zod';
import { HarnessSuspectReasonSchema } from '../harness-suspect.ts';

const tally = z.number().int().nonnegative();

/**
 * A comparison's discordant pairs that involve a suspected harness fault (docs/comparisons.md,
 * "Harness suspects"): `lost` of the b tasks, `won` of the c tasks. `caveat` is the sentence the
 * verdict carries when at least half of the discordant pairs are suspects; null otherwise.
 */
export const DiscordantSuspectsSchema = z.object({
  lost: tally,
  won: tally,
  caveat: z.string().nullable(),
});

/** verification.json: failed runs of one suite labelled as harness suspects for one reason. */
export const HarnessSuspectCountSchema = z.object({
  experiment: z.string(),
  reason: HarnessSuspectReasonSchema,
  runs: z.number().int().positive(),
  tasks: z.number().int().positive(),
  /** The models whose runs were labelled, sorted. */
  models: z.array(z.string()),
  representative_run_ids: z.array(z.string()),
  /** One example of the evidence (the first labelled run by run_id). */
  example_evidence: z.string(),
});

export type DiscordantSuspects = z.infer<typeof DiscordantSuspectsSchema>;
export type HarnessSuspectCount = z.infer<typeof HarnessSuspectCountSchema>;
