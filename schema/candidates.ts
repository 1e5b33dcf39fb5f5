import { z } from 'zod';

/** `candidates.json`: each original model (as a spec) → the cheaper models worth trying in its place. */
export const CandidatesFileSchema = z.object({
  note: z.string().optional(),
  candidates: z.record(z.string().min(1), z.array(z.string().min(1))),
});

/** Original model spec → candidate specs: what the comparisons are planned from. */
export type CandidateMap = z.infer<typeof CandidatesFileSchema>['candidates'];
