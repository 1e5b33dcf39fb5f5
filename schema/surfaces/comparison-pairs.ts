import { z } from 'zod';
import { CandidatesFileSchema } from '../candidates.ts';
import { GeneratedFromSchema, SURFACE_SCHEMA_VERSION, surfaceEnvelope } from './envelope.ts';

const count = z.number().int().nonnegative();

/**
 * A number written so it survives the surface serialiser's 6-significant-digit rounding
 * (exporter/write.ts): as a number when it has no more digits than that, otherwise as its
 * shortest round-trip text. The paired statistics recomputed from these are then the export's own.
 */
const ExactNumberSchema = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?(e[-+]?\d+)?$/)]).transform(Number);
const ExactOrNull = ExactNumberSchema.nullable();

/** The side of a comparison a pairs file holds: one model (as a spec), suite, arm and power level. */
export const PairSideKeySchema = z.object({ model: z.string(), experiment: z.string(), arm: z.string(), power_level: z.string() });

/** One side and the files holding its answered runs, in pairing order. */
export const PairSideSchema = PairSideKeySchema.extend({ runs: count, files: z.array(z.string()) });

/** Answered runs per sweep × model × suite × arm × power level × applied limit: what planning a sweep subset's comparisons needs. */
export const PairCellRowSchema = PairSideKeySchema.extend({ sweep_id: z.string(), applied_w: z.number().nullable(), runs: count });

/**
 * `data/comparison_pairs.json`: the index of the run-level pair data. With the export's
 * comparison options, the site plans and pairs any sweep subset's comparisons exactly as an
 * export of only those sweeps would (core/paired/compare.ts), loading only the sides it needs.
 */
export const ComparisonPairsSchema = surfaceEnvelope('comparison_pairs', PairCellRowSchema).extend({
  options: z.object({
    candidates: CandidatesFileSchema.shape.candidates,
    margin_points: z.number(),
    holm: z.boolean(),
    alpha: z.number(),
  }),
  sides: z.array(PairSideSchema),
});

/**
 * One answered run: sweep (an index into the file's `sweeps`), run_id, recorded_at, task id,
 * repeat, sample, applied watts, passed, score, format score, output tokens, wall ms, valid
 * joules, usd, simulated, harness-suspect reason.
 */
export const PairRunSchema = z.tuple([
  count,
  z.string(),
  z.string(),
  z.string(),
  z.number().int(),
  z.number().int(),
  z.number().nullable(),
  z.boolean(),
  ExactNumberSchema,
  ExactOrNull,
  ExactOrNull,
  ExactOrNull,
  ExactOrNull,
  ExactOrNull,
  z.boolean(),
  z.string().nullable(),
]);

/** `data/comparison_pairs/pairs-NNNN.json`: part of one side's answered runs, ordered by task, repeat, sample, recorded_at, run_id. */
export const ComparisonPairsShardSchema = z.object({
  surface: z.literal('comparison_pairs_side'),
  schema_version: z.literal(SURFACE_SCHEMA_VERSION),
  generated_from: GeneratedFromSchema,
  side: PairSideKeySchema,
  sweeps: z.array(z.string()),
  rows: z.array(PairRunSchema),
});

export type ComparisonPairs = z.infer<typeof ComparisonPairsSchema>;
export type ComparisonPairsShard = z.infer<typeof ComparisonPairsShardSchema>;
