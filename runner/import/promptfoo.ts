import { z } from 'zod';
import { CliError } from '../../lib/cli-error.ts';
import { isoTime, UNKNOWN_PARAMS, type ImportedRun, type SourceInfo } from './imported-run.ts';
import { modelFromProvider } from './model-id.ts';
import { jsonDocument, type SourceFile } from './source-file.ts';

/**
 * promptfoo's `promptfoo eval --output results.json`: `{ evalId, results: { version, timestamp,
 * results: [one per test × prompt × provider], stats }, config }`. Versions 2 and 3 of the
 * results block are understood (docs/importers.md).
 */
const KNOWN_VERSIONS = [2, 3];

const TokenUsageSchema = z.object({ prompt: z.number().int().nonnegative().nullish(), completion: z.number().int().nonnegative().nullish() }).loose();

const ResultSchema = z
  .object({
    provider: z.union([z.string().min(1), z.object({ id: z.string().min(1), label: z.string().nullish() }).loose()]),
    prompt: z.object({ raw: z.string().nullish(), label: z.string().nullish() }).loose().nullish(),
    response: z.object({ output: z.unknown(), tokenUsage: TokenUsageSchema.nullish(), cost: z.number().nonnegative().nullish() }).loose().nullish(),
    error: z.string().nullish(),
    success: z.boolean(),
    score: z.number().finite().nullish(),
    latencyMs: z.number().finite().nonnegative().nullish(),
    gradingResult: z.object({ pass: z.boolean().nullish(), score: z.number().nullish(), reason: z.string().nullish() }).loose().nullish(),
    cost: z.number().nonnegative().nullish(),
    testIdx: z.number().int().nonnegative(),
    promptIdx: z.number().int().nonnegative(),
    testCase: z.object({ description: z.string().nullish() }).loose().nullish(),
  })
  .loose();

const OutputSchema = z.object({
  evalId: z.string().nullish(),
  results: z.object({ version: z.number().int(), timestamp: z.string().min(1), results: z.array(z.unknown()).min(1) }).loose(),
  config: z.object({ description: z.string().nullish() }).loose().nullish(),
});

type Result = z.infer<typeof ResultSchema>;

const text = (output: unknown): string | null =>
  output === undefined || output === null ? null : typeof output === 'string' ? output : JSON.stringify(output);
const unit = (score: number | null | undefined): number | null => (score !== null && score !== undefined && score >= 0 && score <= 1 ? score : null);

function verdictOf(result: Result): ImportedRun['verdict'] {
  const reason = result.gradingResult?.reason ?? null;
  const score = unit(result.score) ?? unit(result.gradingResult?.score);
  const failure = result.success
    ? null
    : result.error
      ? { stage: 'transport' as const, class: 'provider_error', message: result.error }
      : { stage: 'semantic' as const, class: 'assertion_failed', message: reason ?? 'an assertion failed' };
  return { passed: result.success, score, scorer: 'promptfoo assertions', detail: reason, failure };
}

function toRun(result: Result, i: number, experiment: string, recordedAt: string, modelName: string | undefined): ImportedRun {
  const providerId = typeof result.provider === 'string' ? result.provider : result.provider.id;
  const usage = result.response?.tokenUsage;
  const usd = result.cost ?? result.response?.cost ?? null;
  return {
    line: null,
    index: `results.results[${i}]`,
    model: modelName === undefined ? modelFromProvider(providerId, ':') : { name: modelName, backend: 'openai' },
    experiment,
    task: { id: result.testCase?.description || `test-${result.testIdx}`, family: experiment, hash: null },
    arm: result.prompt?.label || `prompt-${result.promptIdx}`,
    repeat: 0,
    recordedAt,
    simulated: false,
    prompt: result.prompt?.raw ?? null,
    response: text(result.response?.output),
    doneReason: null,
    params: UNKNOWN_PARAMS,
    tokens: { prompt: usage?.prompt ?? null, output: usage?.completion ?? null },
    wallMs: result.latencyMs ?? null,
    energy: null,
    host: null,
    powerLimit: null,
    verdict: verdictOf(result),
    cost: { usd, basis: usd === null ? null : 'token-price' },
    dropped: [
      'vars, testCase.assert: the test definition; the prompt is kept as sent',
      'namedScores, gradingResult.componentResults: their per-assertion detail; the overall verdict is kept',
    ],
    // Their assertions (contains, llm-rubric, …) are theirs: we have no evaluator to re-run them.
    rescore: null,
  };
}

export function importPromptfoo(file: SourceFile, modelName?: string): { info: SourceInfo; runs: ImportedRun[] } {
  const output = jsonDocument(file, OutputSchema, "promptfoo's --output results.json");
  if (!KNOWN_VERSIONS.includes(output.results.version)) {
    throw new CliError(
      `${file.label}: results.version: ${output.results.version} is not a version this importer knows (${KNOWN_VERSIONS.join(', ')}); see docs/importers.md`,
    );
  }
  const experiment = output.config?.description?.trim() || 'promptfoo';
  const recordedAt = isoTime(output.results.timestamp, `${file.label}: results.timestamp`);
  const providers = new Set(output.results.results.map((raw) => JSON.stringify((raw as { provider?: unknown })?.provider ?? null)));
  if (modelName !== undefined && providers.size > 1) {
    throw new CliError(`${file.label}: --model-name would give ${providers.size} providers one name; import without it (each provider keeps its own)`);
  }
  const runs = output.results.results.map((raw, i) => {
    const parsed = ResultSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new CliError(`${file.label}: results.results[${i}].${issue.path.map(String).join('.')}: ${issue.message}`);
    }
    return toRun(parsed.data, i, experiment, recordedAt, modelName);
  });
  return { info: { format: 'promptfoo', tool: { name: 'promptfoo', version: `results v${output.results.version}` }, file }, runs };
}
