import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CliError } from '../lib/cli-error.ts';
import type { Cost, Energy, ModelInfo, Tokens } from '../schema/run-record.ts';

const perMtok = z.number().finite().nonnegative();

export const TokenPriceSchema = z.object({
  /** USD per million prompt (input) tokens. */
  input_per_mtok: perMtok,
  /** USD per million output tokens. */
  output_per_mtok: perMtok,
});

/** `pricing.json`: electricity price for local models, token prices for hosted ones. */
export const PricingFileSchema = z.object({
  usd_per_kwh: z.number().finite().nonnegative(),
  default: TokenPriceSchema,
  models: z.record(z.string(), TokenPriceSchema),
  /** Free text (sources, dates); ignored by the code. */
  note: z.string().optional(),
  sources: z.record(z.string(), z.string()).optional(),
});

export type TokenPrice = z.infer<typeof TokenPriceSchema>;

/** The prices a sweep costs its runs with: pricing.json after `--usd-per-kwh` was applied. */
export interface PriceBook {
  usdPerKwh: number;
  default: TokenPrice;
  /** Keys lower-cased, so `GPT-4o-mini` and `gpt-4o-mini` price alike. */
  models: Record<string, TokenPrice>;
}

/** pricing.json at the repository root, next to package.json. */
export const DEFAULT_PRICING_PATH = fileURLToPath(new URL('../pricing.json', import.meta.url));

const JOULES_PER_KWH = 3.6e6;

/**
 * Reads and validates a pricing file (default: the repository's `pricing.json`); `usdPerKwh`
 * (from `--usd-per-kwh`) overrides the file's electricity price. Synchronous: it runs once per sweep.
 * Throws a one-line CliError naming the file and the bad field.
 */
export function loadPriceBook(options: { pricingPath?: string; usdPerKwh?: number } = {}): PriceBook {
  const path = options.pricingPath ?? DEFAULT_PRICING_PATH;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`${path}: pricing file not found; pass --pricing FILE or restore pricing.json at the repository root`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return priceBookFrom(raw, path, options.usdPerKwh);
}

/** Validates parsed pricing JSON into a PriceBook; `where` locates error messages. */
export function priceBookFrom(raw: unknown, where: string, usdPerKwh?: number): PriceBook {
  const parsed = PricingFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    throw new CliError(`${where}: ${field}: ${issue.message}`);
  }
  if (usdPerKwh !== undefined && !(Number.isFinite(usdPerKwh) && usdPerKwh >= 0)) {
    throw new CliError(`--usd-per-kwh: expected a non-negative number, got ${usdPerKwh}`);
  }
  const models: Record<string, TokenPrice> = {};
  for (const [name, price] of Object.entries(parsed.data.models)) models[name.toLowerCase()] = price;
  return { usdPerKwh: usdPerKwh ?? parsed.data.usd_per_kwh, default: parsed.data.default, models };
}

/** True for a base URL that points at this machine (a local vLLM / llama.cpp / LM Studio server). */
export function isLoopbackUrl(baseUrl: string): boolean {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return false;
  }
  host = host.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '0.0.0.0' || /^127\./.test(host);
}

/**
 * The price listed for a model: exact (case-insensitive) name, then the name after a provider
 * prefix (`openai/gpt-4o-mini`), then — for hosted models only — the longest listed name that a
 * dated snapshot extends (`gpt-4o-mini-2024-07-18` → `gpt-4o-mini`).
 */
export function listedPrice(name: string, prices: PriceBook, allowSnapshot: boolean): TokenPrice | undefined {
  const lower = name.toLowerCase();
  const bare = lower.includes('/') ? lower.slice(lower.lastIndexOf('/') + 1) : lower;
  const exact = prices.models[lower] ?? prices.models[bare];
  if (exact || !allowSnapshot) return exact;
  const stems = Object.keys(prices.models)
    .filter((key) => bare.startsWith(`${key}-`) || bare.startsWith(`${key}:`) || bare.startsWith(`${key}@`))
    .sort((a, b) => b.length - a.length);
  return stems.length > 0 ? prices.models[stems[0]!] : undefined;
}

export interface CostInput {
  model: Pick<ModelInfo, 'name' | 'backend' | 'base_url'>;
  tokens: Pick<Tokens, 'prompt' | 'output'>;
  energy: Pick<Energy, 'joules' | 'valid'>;
  simulated: boolean;
}

/**
 * The cost of one run (docs/cost.md). Hosted models — an `openai` backend whose base URL is not
 * loopback (or unset: the OpenAI API), or any model listed in pricing.json — pay token prices,
 * with the default price standing in (and flagged) for unlisted hosted models. Local models
 * (Ollama, loopback OpenAI-compatible servers, the simulator) cost their measured gross joules
 * at the electricity price; usd is null when that energy is not valid. Pure.
 */
export function costOf(input: CostInput, prices: PriceBook): Cost {
  const { model, tokens, energy } = input;
  const hosted = model.backend === 'openai' && !(model.base_url !== undefined && isLoopbackUrl(model.base_url));
  // The simulator never bills tokens, even when a simulated model borrows a hosted model's name.
  const listed = model.backend === 'sim' ? undefined : listedPrice(model.name, prices, hosted);
  if (hosted || listed) {
    const price = listed ?? prices.default;
    const usd = tokens.prompt === null || tokens.output === null ? null : (tokens.prompt * price.input_per_mtok + tokens.output * price.output_per_mtok) / 1e6;
    return listed ? { usd, basis: 'token-price' } : { usd, basis: 'token-price', default_price: true };
  }
  // Gross joules: the electricity meter bills the idle draw too, so net joules would undercount.
  const usd = energy.valid && energy.joules !== null ? (energy.joules / JOULES_PER_KWH) * prices.usdPerKwh : null;
  return { usd, basis: 'energy' };
}
