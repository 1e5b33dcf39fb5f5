import { z } from 'zod';
import { CliError } from '../../lib/cli-error.ts';
import { parsePowerLevel, printPowerLevel } from '../../core/power-level.ts';
import { parseModelSpec } from '../../core/model-spec.ts';
import type { RawFlags } from './flags.ts';
import { DEFAULT_MAX_TRANSPORT_FAILURES } from './outage.ts';
import type { Shard } from '../../schema/shard.ts';
import { parseShard } from './shard-flag.ts';

const positiveInt = z.number().int().positive();
const nonNegative = z.number().finite().nonnegative();

/**
 * A sweep's resolved options: everything that shapes its plan and its runs. Stored in the
 * `.sweep.json` sidecar so `--resume` rebuilds the identical plan. Holds no secret: the API key
 * is kept as the name of its environment variable only.
 */
export const SweepOptionsSchema = z.object({
  models: z.array(z.string().min(1)).min(1),
  /** Suite ids, resolved at sweep start (the default "every built-in suite" is expanded). */
  experiments: z.array(z.string().min(1)).min(1),
  arms: z.array(z.string().regex(/^[a-z0-9_-]+$/)).min(1),
  repeats: positiveInt,
  samples: positiveInt,
  /** Normalised levels (`80`, `250w`), or null: one level, the limit left as it is. */
  tdp_levels: z.array(z.string()).nullable(),
  tdp_unmanaged: z.boolean(),
  gpu: z.number().int().nonnegative().nullable(),
  idle_seconds: nonNegative,
  settle_seconds: nonNegative,
  base_url: z.string().nullable(),
  api_key_env: z.string().min(1),
  /** `--temperature`; null: the suite's default, else 0. */
  temperature: nonNegative.nullable(),
  seed: z.number().int(),
  /** `--max-tokens`; null: the suite's default, else DEFAULT_MAX_TOKENS. */
  max_tokens: positiveInt.nullable(),
  num_ctx: positiveInt.nullable(),
  keep_alive: z.string().nullable(),
  think: z.boolean(),
  limit: positiveInt.nullable(),
  sample_seed: z.number().int(),
  datasets: z.record(z.string(), z.object({ source: z.string().min(1), sha256: z.string().nullable() })),
  /** `--usd-per-kwh`; null: the price in pricing.json. */
  usd_per_kwh: nonNegative.nullable(),
  pricing: z.string().nullable(),
  retries: z.number().int().nonnegative(),
  timeout_ms: positiveInt,
  /** `--judge`: judge models for judged suites (runner/sweep/judges.ts); absent in older sidecars. */
  judges: z.array(z.string().min(1)).default([]),
});

export type SweepOptions = z.infer<typeof SweepOptionsSchema>;

/** Output cap when neither `--max-tokens` nor the suite sets one. */
export const DEFAULT_MAX_TOKENS = 1024;

/**
 * Flags that only say where the ledger lives or how this session behaves, not what the sweep is:
 * they are not kept in the sidecar, so a resume gives them again.
 */
export interface RunTarget {
  ledgersDir: string;
  out: string | null;
  resume: string | null;
  dryRun: boolean;
  /** `--max-transport-failures`: stop after this many transport failures in a row; 0 never stops. */
  maxTransportFailures: number;
  /** On a resume, run again the runs whose standing record is a transport failure (`--no-retry-transport`: false). */
  retryTransport: boolean;
  /** `--concurrency`: requests kept in flight per model server; a session's choice, so a resume may change it. */
  concurrency: number;
  /** `--shard K/N`: this process makes part K of the plan, into that part's own ledger. */
  shard: Shard | null;
  /** `--sweep-id`: the id a new sweep takes; null: a new id (or, with --shard, one derived from the flags). */
  sweepId: string | null;
}

/** Flags allowed beside `--resume`: everything else comes from the sweep's sidecar. */
const RESUME_FLAGS = new Set([
  'resume',
  'ledgers-dir',
  'out',
  'dry-run',
  'help',
  'max-transport-failures',
  'retry-transport',
  'no-retry-transport',
  'concurrency',
  'shard',
]);

export function runTarget(flags: RawFlags): RunTarget {
  const resume = optionalString(flags, 'resume');
  if (resume !== null) {
    const extra = Object.keys(flags).find((name) => flags[name] !== undefined && !RESUME_FLAGS.has(name));
    if (extra) throw new CliError(`--${extra} cannot be combined with --resume: a resumed sweep keeps the options it started with`);
    if (!/^[A-Za-z0-9._-]+$/.test(resume)) throw new CliError(`--resume: '${resume}' is not a sweep id (like sweep-20260101T120000Z-ab12)`);
  }
  const shard = flags.shard === undefined ? null : parseShard(String(flags.shard));
  const out = optionalString(flags, 'out');
  if (shard !== null && out !== null) {
    throw new CliError('--out cannot be combined with --shard: a shard names its own ledger (<sweep_id>.shard-K-of-N.<host>.jsonl); use --ledgers-dir DIR');
  }
  return {
    ledgersDir: optionalString(flags, 'ledgers-dir') ?? 'ledgers',
    out,
    resume,
    dryRun: flags['dry-run'] === true,
    maxTransportFailures: integer(flags, 'max-transport-failures', DEFAULT_MAX_TRANSPORT_FAILURES, 0),
    retryTransport: retryTransport(flags),
    concurrency: integer(flags, 'concurrency', 1, 1),
    shard,
    sweepId: sweepIdFlag(flags),
  };
}

/**
 * `--sweep-id`: letters, digits, `_` and `-` only. It names files, and a `.` would make
 * `<id>.shard-K-of-N.<host>.jsonl` ambiguous to read back.
 */
function sweepIdFlag(flags: RawFlags): string | null {
  const id = optionalString(flags, 'sweep-id');
  if (id !== null && !/^[A-Za-z0-9_-]{1,120}$/.test(id)) {
    throw new CliError(`--sweep-id: '${id}' is not usable as a sweep id; use up to 120 letters, digits, '_' or '-' (e.g. sweep-nightly-0412)`);
  }
  return id;
}

function retryTransport(flags: RawFlags): boolean {
  if (flags['retry-transport'] === true && flags['no-retry-transport'] === true) {
    throw new CliError('--retry-transport and --no-retry-transport contradict each other; give one (retrying is the default)');
  }
  return flags['no-retry-transport'] !== true;
}

/**
 * Turns the flags of a new sweep into options. `experiments` stays empty when `--experiments`
 * was not given: the caller expands the default from the suites on disk.
 */
export function optionsFromFlags(flags: RawFlags): SweepOptions {
  const modelsFlag = optionalString(flags, 'models');
  if (modelsFlag === null) throw new CliError('--models is required, e.g. --models qwen3:8b,sim:small (or --resume SWEEP_ID)');
  const models = unique(list(modelsFlag, 'models'), 'models');
  for (const model of models) parseModelSpec(model);
  const datasets: SweepOptions['datasets'] = {};
  for (const entry of (flags.dataset as string[] | undefined) ?? []) {
    const { name, source, sha256 } = parseDatasetFlag(entry);
    if (datasets[name]) throw new CliError(`--dataset ${name} given twice; give each suite one source`);
    datasets[name] = { source, sha256 };
  }
  const tdp = optionalString(flags, 'tdp-levels');
  const experiments = flags.experiments === undefined ? [] : unique(list(String(flags.experiments), 'experiments'), 'experiments');
  // A dataset for a suite the sweep does not run would be ignored without a word.
  const unused = Object.keys(datasets).find((name) => experiments.length > 0 && !experiments.includes(name));
  if (unused !== undefined) {
    throw new CliError(
      `--dataset ${unused} is given but ${unused} is not in --experiments; add it (--experiments ${[...experiments, unused].join(',')}) or drop the --dataset`,
    );
  }
  return {
    models,
    experiments,
    arms: flags.arms === undefined ? ['plain'] : unique(list(String(flags.arms), 'arms'), 'arms'),
    repeats: integer(flags, 'repeats', 1, 1),
    samples: integer(flags, 'samples', 1, 1),
    tdp_levels:
      tdp === null
        ? null
        : unique(
            list(tdp, 'tdp-levels').map((level) => printPowerLevel(parsePowerLevel(level))),
            'tdp-levels',
          ),
    tdp_unmanaged: flags['tdp-unmanaged'] === true,
    gpu: flags.gpu === undefined ? null : integer(flags, 'gpu', 0, 0),
    idle_seconds: decimal(flags, 'idle-seconds', 5),
    settle_seconds: decimal(flags, 'settle-seconds', 2),
    base_url: baseUrl(optionalString(flags, 'base-url')),
    api_key_env: envName(optionalString(flags, 'api-key-env') ?? 'OPENAI_API_KEY'),
    temperature: flags.temperature === undefined ? null : decimal(flags, 'temperature', 0),
    seed: integer(flags, 'seed', 1234, Number.MIN_SAFE_INTEGER),
    max_tokens: flags['max-tokens'] === undefined ? null : integer(flags, 'max-tokens', 1, 1),
    num_ctx: flags['num-ctx'] === undefined ? null : integer(flags, 'num-ctx', 1, 1),
    keep_alive: optionalString(flags, 'keep-alive'),
    think: flags.think === true,
    limit: flags.limit === undefined ? null : integer(flags, 'limit', 1, 1),
    sample_seed: integer(flags, 'sample-seed', 0, Number.MIN_SAFE_INTEGER),
    datasets,
    usd_per_kwh: flags['usd-per-kwh'] === undefined ? null : decimal(flags, 'usd-per-kwh', 0),
    pricing: optionalString(flags, 'pricing'),
    retries: integer(flags, 'retries', 3, 0),
    timeout_ms: integer(flags, 'timeout-ms', 120_000, 1),
    judges: judgeList(flags),
  };
}

function judgeList(flags: RawFlags): string[] {
  const value = optionalString(flags, 'judge');
  if (value === null) return [];
  const judges = unique(list(value, 'judge'), 'judge');
  if (judges.length > 2) throw new CliError(`--judge: at most two judges (the first decides, the second is measured against it), got ${judges.length}`);
  for (const judge of judges) parseModelSpec(judge);
  return judges;
}

/** `NAME=PATH_OR_URL[#sha256=HEX]`. */
export function parseDatasetFlag(entry: string): { name: string; source: string; sha256: string | null } {
  const match = /^([a-z0-9_]+)=(.+?)(?:#sha256=([0-9a-fA-F]{64}))?$/.exec(entry.trim());
  if (!match || match[2]!.includes('#sha256=')) {
    throw new CliError(`--dataset: bad value '${entry}'; use NAME=PATH_OR_URL or NAME=PATH_OR_URL#sha256=<64 hex digits>`);
  }
  return { name: match[1]!, source: match[2]!, sha256: match[3]?.toLowerCase() ?? null };
}

function optionalString(flags: RawFlags, name: string): string | null {
  const value = flags[name];
  if (value === undefined) return null;
  const text = String(value).trim();
  if (text === '') throw new CliError(`--${name}: expected a value, got an empty string`);
  return text;
}

function list(value: string, name: string): string[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw new CliError(`--${name}: empty entry in '${value}'; separate names with single commas`);
  return items;
}

function unique(items: string[], name: string): string[] {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item)) throw new CliError(`--${name}: '${item}' is listed twice`);
    seen.add(item);
  }
  return items;
}

function integer(flags: RawFlags, name: string, fallback: number, min: number): number {
  const value = flags[name];
  if (value === undefined) return fallback;
  const text = String(value).trim();
  const parsed = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(parsed)) throw new CliError(`--${name}: expected a whole number, got '${text}'`);
  if (parsed < min) throw new CliError(`--${name}: expected at least ${min}, got ${parsed}`);
  return parsed;
}

function decimal(flags: RawFlags, name: string, fallback: number): number {
  const value = flags[name];
  if (value === undefined) return fallback;
  const text = String(value).trim();
  const parsed = Number(text);
  if (!/^\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text) || !Number.isFinite(parsed)) {
    throw new CliError(`--${name}: expected a non-negative number, got '${text}'`);
  }
  return parsed;
}

function baseUrl(value: string | null): string | null {
  if (value === null) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`--base-url: '${value}' is not a URL; use e.g. http://127.0.0.1:8000/v1`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`--base-url: '${value}' must be http(s)`);
  return value;
}

function envName(value: string): string {
  // A name, never the key itself: a pasted key would otherwise end up in the sidecar.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) {
    throw new CliError(`--api-key-env: '${value.slice(0, 4)}…' is not an environment variable name; pass the variable's name, not the key`);
  }
  return value;
}
