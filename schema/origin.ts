import { z } from 'zod';

/** The formats `ledgerbench import --from` reads (docs/importers.md has a mapping table for each). */
export const IMPORT_FORMATS = ['jarri', 'tokenjam', 'lm-eval', 'promptfoo', 'inspect', 'humaneval-samples', 'evalplus'] as const;

export const ImportFormatSchema = z.enum(IMPORT_FORMATS);

/** The source harness's own verdict, kept beside ours when the record was re-scored. */
export const TheirVerdictSchema = z.object({
  passed: z.boolean().nullable(),
  score: z.number().finite().min(0).max(1).nullable(),
  /** Their scorer's name or metric (`exact_match`, `llm-rubric`, `check(candidate)`), when known. */
  scorer: z.string().nullable(),
  detail: z.string().nullable(),
});

/**
 * Where an imported record came from (`ledgerbench import`): the harness, the file (by name and
 * sha256: keys, never absolute paths), the line or index inside it, and which ledger fields the
 * source filled. Absent on records the runner wrote itself.
 */
export const OriginSchema = z.object({
  format: ImportFormatSchema,
  tool: z.object({ name: z.string().min(1), version: z.string().nullable() }),
  source_file: z.string().min(1),
  source_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** 1-based line of a JSONL source; null for a JSON document. */
  line: z.number().int().positive().nullable(),
  /** JSON pointer-like path of the item inside a JSON document (`tasks[3].candidate`); null for JSONL. */
  index: z.string().nullable(),
  /** Ledger fields filled from the source. */
  mapped: z.array(z.string()),
  /** Ledger fields the source does not hold: null in the record ("not recorded"). */
  not_recorded: z.array(z.string()),
  /** Source fields present but not carried, each with why (`field: reason`). */
  dropped: z.array(z.string()),
  /** Their verdict; the record's `evaluation` is ours when `rescored`, theirs otherwise. */
  their_verdict: TheirVerdictSchema.nullable(),
  rescored: z.boolean(),
});

export type Origin = z.infer<typeof OriginSchema>;
export type ImportFormat = z.infer<typeof ImportFormatSchema>;
export type TheirVerdict = z.infer<typeof TheirVerdictSchema>;
