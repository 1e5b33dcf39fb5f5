import { z } from 'zod';
import { ShardSchema } from './shard.ts';
import { FailureHarnessSuspectSchema } from './harness-suspect.ts';
import { OriginSchema } from './origin.ts';
import { JudgeEvaluationSchema } from './judge.ts';
import { AgentTraceSchema } from './agent-trace.ts';

/**
 * The ledger record, `ledgerbench.run/1`: one JSON object a line in `ledgers/**.jsonl`.
 * Field names are the contract shared by the runner, the exporter and the UI; add fields
 * freely, never rename without a schema bump. Validated on write and on read.
 */
export const RUN_SCHEMA = 'ledgerbench.run/1';

const nonNegative = z.number().finite().nonnegative();
const unitInterval = z.number().finite().min(0).max(1);

/**
 * Bounds the exporter's DuckDB table imposes (docs/ledger-format.md, "Bounds"): a value past one
 * would fail a cast there and abort the whole export, so the schema rejects that one record instead.
 * Durations and joules are summed as DECIMAL(18, 6) (under 10^12), dollars as DECIMAL(18, 9)
 * (under 10^9); counts are 32-bit INTEGER columns; text columns travel through a CSV whose lines
 * DuckDB caps, so each stays under MAX_FIELD_CHARS.
 */
export const BOUNDS = {
  ms: 1e12,
  joules: 1e12,
  usd: 1e9,
  int: 2_147_483_647,
  fieldChars: 16_384,
  paramsDepth: 8,
  paramsChars: 65_536,
} as const;

const ms = nonNegative.lt(BOUNDS.ms, `must be under ${BOUNDS.ms} ms (the exporter sums durations as DECIMAL(18, 6))`);
const count = z.number().int().nonnegative().max(BOUNDS.int, `must be at most ${BOUNDS.int} (a 32-bit INTEGER column)`);
/** A string that becomes a column of the exporter's `runs` table. */
const field = () => z.string().max(BOUNDS.fieldChars, `longer than ${BOUNDS.fieldChars} characters (the limit for a column of the exporter's runs table)`);

/** Nesting depth of a JSON value, counted without recursion (a deeply nested value must not overflow the stack). */
function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > BOUNDS.paramsDepth) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

export const BackendSchema = z.enum(['ollama', 'openai', 'sim']);

export const ModelSchema = z.object({
  /** The model as the user named it, without the backend prefix: `qwen3:8b`, `gpt-4o-mini`, `large`. */
  name: field().min(1),
  backend: BackendSchema,
  base_url: z.string().optional(),
  digest: z.string().optional(),
  parameter_size: z.string().optional(),
  quantization: z.string().optional(),
  family: field().optional(),
  /** Where the weights sat while the run was measured (Ollama `/api/ps`). */
  residency: z
    .object({
      placement: z.enum(['gpu', 'hybrid', 'cpu', 'unknown']),
      size_bytes: nonNegative.nullable(),
      size_vram_bytes: nonNegative.nullable(),
    })
    .optional(),
});

export const GpuSchema = z.object({
  index: z.number().int().nonnegative(),
  name: field(),
  uuid: z.string(),
  driver: z.string(),
  memory_mb: nonNegative,
  power_limit_min_w: nonNegative.nullable().optional(),
  power_limit_max_w: nonNegative.nullable().optional(),
  power_limit_default_w: nonNegative.nullable().optional(),
  power_limit_enforced_w: nonNegative.nullable().optional(),
});

export const HostSchema = z.object({
  /** null: not recorded (an imported record whose source names no host). */
  hostname: z.string().nullable(),
  /** The GPU the run was measured on (the first, when several); null without one. */
  gpu: GpuSchema.nullable(),
  /** Every GPU the run used, when more than one. */
  gpus: z.array(GpuSchema).optional(),
});

export const TaskRefSchema = z.object({
  id: field().min(1),
  family: field().min(1),
  /** sha256 of the task's canonical definition (prompt, reference, evaluator): changes when the task does. */
  hash: field().min(1),
  /** What counts as a success, in words, for the task registry. */
  success: z.string().optional(),
});

export const RequestSchema = z.object({
  /** The user prompt exactly as sent, after the arm's template was applied. */
  prompt: z.string(),
  system: z.string().optional(),
});

/**
 * The generation parameters. null says "not recorded" (a record imported from elsewhere); the
 * runner always writes the values it sent, so its records never carry null here.
 */
export const ParamsSchema = z
  .object({
    temperature: z.number().finite().nonnegative().nullable(),
    seed: z.number().int().nullable(),
    max_tokens: z.number().int().positive().nullable(),
  })
  .catchall(z.unknown())
  // Extra parameters are copied into the run shards: bounded, so one record cannot blow up a shard
  // or the serialiser's stack.
  .superRefine((params, ctx) => {
    // Only extras can be deep or long; most records have none (the three known keys are numbers).
    if (Object.keys(params).length <= 3 && 'temperature' in params && 'seed' in params && 'max_tokens' in params) return;
    if (jsonDepth(params) > BOUNDS.paramsDepth) {
      ctx.addIssue({ code: 'custom', message: `nested deeper than ${BOUNDS.paramsDepth} levels` });
    } else if (JSON.stringify(params).length > BOUNDS.paramsChars) {
      ctx.addIssue({ code: 'custom', message: `over ${BOUNDS.paramsChars} characters as JSON` });
    }
  });

export const PowerLimitSchema = z.object({
  /** As given on the command line: `"80"` (percent of the default limit), `"144w"`, or null for none. */
  request: field().nullable(),
  mode: z.enum(['percent', 'watts']).nullable(),
  requested_w: nonNegative.nullable(),
  applied_w: nonNegative.nullable(),
  restored_w: nonNegative.nullable().optional(),
  /** True when the requested watts fell outside the GPU's [min, max] and were clamped. */
  clamped: z.boolean().optional(),
  /** False when `--tdp-unmanaged` ran the level without changing the limit. */
  managed: z.boolean().optional(),
  simulated: z.boolean().optional(),
});

export const ResponseSchema = z.object({
  /** The raw answer text, always kept: it is the evidence. null only on an imported record whose source did not keep it. */
  text: z.string().nullable(),
  thinking: z.string().optional(),
  done_reason: z.string().nullable(),
});

export const TokensSchema = z.object({
  prompt: count.nullable(),
  output: count.nullable(),
  source: z.enum(['server', 'estimate']),
});

export const TimingSchema = z.object({
  /** null: not recorded (never 0 for "unknown"); the runner always measures it. */
  wall_ms: ms.nullable(),
  load_ms: ms.optional(),
  prompt_ms: ms.optional(),
  generation_ms: ms.optional(),
  ttft_ms: ms.optional(),
});

export const EnergyMethodSchema = z.enum(['nvml-counter', 'power-integration', 'simulated', 'none']);

export const EnergySchema = z.object({
  method: EnergyMethodSchema,
  /** Gross joules over the run's window; null when not measured (never 0 for "unknown"). */
  joules: nonNegative.lt(BOUNDS.joules, `must be under ${BOUNDS.joules} J (the exporter sums joules as DECIMAL(18, 6))`).nullable(),
  /** Joules above the idle baseline over the same window. */
  net_joules: z.number().finite().nullable().optional(),
  idle_w: nonNegative.nullable().optional(),
  avg_power_w: nonNegative.nullable().optional(),
  peak_power_w: nonNegative.nullable().optional(),
  samples: z.number().int().nonnegative().optional(),
  valid: z.boolean(),
  /** Why the reading is not valid (or a note on how it was made); null when valid without remark. */
  reason: field().nullable(),
  per_gpu: z.array(z.object({ index: z.number().int().nonnegative(), joules: nonNegative.nullable(), method: EnergyMethodSchema })).optional(),
});

export const CheckSchema = z.object({
  name: z.string(),
  passed: z.boolean(),
  score: unitInterval.optional(),
  detail: z.string().optional(),
});

export const EvaluationSchema = z.object({
  /** `name@version`, e.g. `numeric@1`. */
  evaluator: field().regex(/^[a-z0-9_-]+@\d+$/),
  score: unitInterval,
  passed: z.boolean(),
  format_score: unitInterval.optional(),
  checks: z.array(CheckSchema).optional(),
  judge: JudgeEvaluationSchema.optional(),
});

export const FailureStageSchema = z.enum(['transport', 'extract', 'parse', 'execute', 'semantic', 'constraint']);

/** Stages with no usable output: a "hard failure" (docs/metrics.md). */
export const HARD_FAILURE_STAGES = ['transport', 'extract', 'parse', 'execute'] as const;

export const FailureSchema = z
  .object({
    stage: FailureStageSchema,
    class: field().min(1),
    message: z.string(),
    harness_suspect: FailureHarnessSuspectSchema,
  })
  .nullable();

export const CostSchema = z.object({
  usd: nonNegative.lt(BOUNDS.usd, `must be under ${BOUNDS.usd} USD (the exporter sums dollars as DECIMAL(18, 9))`).nullable(),
  basis: z.enum(['energy', 'token-price']).nullable(),
  /** True when a default price stood in for a model missing from pricing.json. */
  default_price: z.boolean().optional(),
});

export const ToolSchema = z.object({ name: z.string(), version: z.string() });

/** What the code sandbox could and could not enforce for this run. */
export const SandboxSchema = z.object({
  protections: z.array(z.string()),
  missing: z.array(z.string()),
});

export const RunRecordSchema = z.object({
  schema: z.literal(RUN_SCHEMA),
  run_id: field().min(8),
  sweep_id: field().min(1),
  recorded_at: z.iso.datetime(),
  simulated: z.boolean(),
  model: ModelSchema,
  host: HostSchema,
  experiment: field().min(1),
  task: TaskRefSchema,
  arm: field().min(1),
  repeat: count,
  /** Which of `--samples N` completions this is (pass@k); 0 when one sample a task. */
  sample: count.optional(),
  /**
   * How many times this run_id was tried before this record (0 or absent: the first try). A resume
   * that retries a transport failure writes the same run_id with a higher attempt; in the final
   * picture the record with the highest attempt stands and the earlier ones are superseded.
   */
  attempt: count.optional(),
  /**
   * How many requests the sweep kept in flight when it made this run (`--concurrency`; absent in
   * ledgers written before the flag: 1). Above 1, runs overlap: timing is shared, energy apportioned.
   */
  concurrency: count.min(1).optional(),
  /** The part of a sharded sweep (`--shard K/N`) that made this run; absent when the sweep was not sharded. */
  shard: ShardSchema.optional(),
  params: ParamsSchema,
  request: RequestSchema.optional(),
  power_limit: PowerLimitSchema,
  response: ResponseSchema,
  tokens: TokensSchema,
  timing: TimingSchema,
  energy: EnergySchema,
  evaluation: EvaluationSchema,
  failure: FailureSchema,
  cost: CostSchema,
  tool: ToolSchema,
  sandbox: SandboxSchema.optional(),
  origin: OriginSchema.optional(),
  /** A tool-use run's transcript (schema/agent-trace.ts). */
  agent: AgentTraceSchema.optional(),
});

export type RunRecord = z.infer<typeof RunRecordSchema>;
export type ModelInfo = z.infer<typeof ModelSchema>;
export type Gpu = z.infer<typeof GpuSchema>;
export type Host = z.infer<typeof HostSchema>;
export type Params = z.infer<typeof ParamsSchema>;
export type PowerLimit = z.infer<typeof PowerLimitSchema>;
export type Tokens = z.infer<typeof TokensSchema>;
export type Timing = z.infer<typeof TimingSchema>;
export type Energy = z.infer<typeof EnergySchema>;
export type Evaluation = z.infer<typeof EvaluationSchema>;
export type Check = z.infer<typeof CheckSchema>;
export type Failure = z.infer<typeof FailureSchema>;
export type FailureStage = z.infer<typeof FailureStageSchema>;
export type Cost = z.infer<typeof CostSchema>;
export type SandboxReport = z.infer<typeof SandboxSchema>;
