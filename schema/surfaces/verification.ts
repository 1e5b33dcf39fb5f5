import { z } from 'zod';
import { GeneratedFromSchema, SURFACE_SCHEMA_VERSION } from './envelope.ts';
import { HarnessSuspectCountSchema } from './harness-suspects.ts';

/** One ledger line the exporter did not accept, located as `file:line`. */
export const RejectedLineSchema = z.object({
  file: z.string(),
  line: z.number().int().positive(),
  /** `size`: over the byte limit for one record; `encoding`: not valid UTF-8 (docs/verification.md). */
  kind: z.enum(['json', 'schema', 'schema_version', 'duplicate_run_id', 'empty', 'size', 'encoding']),
  reason: z.string(),
  run_id: z.string().nullable(),
});

/**
 * An earlier attempt of a run_id that a later attempt replaced (a resume retried it): not counted,
 * not a duplicate, in no other surface (docs/ledger-format.md, "Attempts").
 */
export const SupersededLineSchema = z.object({
  file: z.string(),
  line: z.number().int().positive(),
  run_id: z.string(),
  attempt: z.number().int().nonnegative(),
  /** Where the record that stands for this run_id sits, and its attempt. */
  by_file: z.string(),
  by_line: z.number().int().positive(),
  by_attempt: z.number().int().nonnegative(),
});

export const EnergyValidityRowSchema = z.object({
  method: z.enum(['nvml-counter', 'power-integration', 'simulated', 'none']),
  valid: z.boolean(),
  reason: z.string().nullable(),
  count: z.number().int().nonnegative(),
});

/** Runs of one model in one experiment that tampered with the grader (failure class integrity_violation). */
export const IntegrityViolationRowSchema = z.object({
  model: z.string(),
  experiment: z.string(),
  runs: z.number().int().positive(),
  tasks: z.number().int().positive(),
  representative_run_ids: z.array(z.string()),
});

export const VerificationSchema = z.object({
  surface: z.literal('verification'),
  schema_version: z.literal(SURFACE_SCHEMA_VERSION),
  generated_from: GeneratedFromSchema,
  summary: z.object({
    ledger_files: z.number().int().nonnegative(),
    lines: z.number().int().nonnegative(),
    accepted: z.number().int().nonnegative(),
    rejected: z.number().int().nonnegative(),
    duplicates: z.number().int().nonnegative(),
    /** Records replaced by a later attempt of the same run_id (listed in `superseded`). */
    superseded: z.number().int().nonnegative(),
    simulated: z.number().int().nonnegative(),
    /** Problems that are not about one line: no ledgers found, an empty folder. */
    problems: z.array(z.string()),
  }),
  energy_validity: z.array(EnergyValidityRowSchema),
  integrity_violations: z.array(IntegrityViolationRowSchema),
  harness_suspects: z.array(HarnessSuspectCountSchema),
  superseded: z.array(SupersededLineSchema),
  rows: z.array(RejectedLineSchema),
});

export type RejectedLine = z.infer<typeof RejectedLineSchema>;
export type SupersededLine = z.infer<typeof SupersededLineSchema>;
export type Verification = z.infer<typeof VerificationSchema>;
export type IntegrityViolationRow = z.infer<typeof IntegrityViolationRowSchema>;
