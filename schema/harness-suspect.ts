import { z } from 'zod';

/**
 * Why a failed run is suspected of measuring the harness rather than the model
 * (docs/verification.md, "Harness suspects"):
 * - `prompt_name`: a NameError for a name the task's prompt defines or imports (`List`, `poly`):
 *   the harness ran the answer without the prompt's preamble;
 * - `prompt_module`: a NameError for a module the prompt imports (`math`), the same fault;
 * - `skipped_fence`: the reply holds the code, in a fence the extractor skipped (or left in place);
 * - `max_tokens`: the reply was cut at the token limit (`done_reason`/`finish_reason` `length`) and scored as wrong.
 */
export const HarnessSuspectReasonSchema = z.enum(['prompt_name', 'prompt_module', 'skipped_fence', 'max_tokens']);

/** The most characters of evidence kept: a name, a prompt line, a fence's opening — never a whole reply. */
export const HARNESS_EVIDENCE_CHARS = 400;

/** The label on a failure: its reason and the evidence for it (the name, the prompt line, the fence). */
export const HarnessSuspectSchema = z.object({
  reason: HarnessSuspectReasonSchema,
  evidence: z.string().max(HARNESS_EVIDENCE_CHARS),
});

/** `failure.harness_suspect`: absent in older ledgers, null when the runner found no harness fault. */
export const FailureHarnessSuspectSchema = HarnessSuspectSchema.nullable().optional();

export type HarnessSuspect = z.infer<typeof HarnessSuspectSchema>;
export type HarnessSuspectReason = z.infer<typeof HarnessSuspectReasonSchema>;
