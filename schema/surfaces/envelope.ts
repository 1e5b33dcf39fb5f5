import { z } from 'zod';

/** Bumped when any surface's shape changes incompatibly; the UI refuses other versions. */
export const SURFACE_SCHEMA_VERSION = 1;

export const ColumnSchema = z.object({ unit: z.string(), description: z.string() });

/** What a surface was built from. No clock time: the same ledgers give byte-identical files. */
export const GeneratedFromSchema = z.object({
  ledger_files: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
  simulated_records: z.number().int().nonnegative(),
  /** sha256 over the input ledgers' own sha256s, in path order. */
  ledgers_sha256: z.string(),
});

/** Every surface file: `{ surface, schema_version, generated_from, columns?, rows }`. */
export function surfaceEnvelope<Name extends string, Row extends z.ZodType>(surface: Name, row: Row) {
  return z.object({
    surface: z.literal(surface),
    schema_version: z.literal(SURFACE_SCHEMA_VERSION),
    generated_from: GeneratedFromSchema,
    columns: z.record(z.string(), ColumnSchema).optional(),
    rows: z.array(row),
  });
}

export type GeneratedFrom = z.infer<typeof GeneratedFromSchema>;
export type Column = z.infer<typeof ColumnSchema>;
