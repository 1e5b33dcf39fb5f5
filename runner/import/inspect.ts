import { z } from 'zod';
import { CliError } from '../../lib/cli-error.ts';
import { isoTime, UNKNOWN_PARAMS, type ImportedRun, type RescoreTarget, type SourceInfo } from './imported-run.ts';
import { modelFromProvider } from './model-id.ts';
import { jsonDocument, type SourceFile } from './source-file.ts';

/**
 * Inspect AI eval logs in JSON form (`inspect eval --log-format json`, or `inspect log dump`):
 * `{ version: 2, status, eval: { task, model, created, packages }, samples: [ { id, epoch, input,
 * target, output: { choices, usage }, scores, total_time } ] }`.
 */
const KNOWN_VERSIONS = [2];

const ContentSchema = z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }).loose())]);

const SampleSchema = z
  .object({
    id: z.union([z.string().min(1), z.number()]),
    epoch: z.number().int().positive(),
    input: z.union([z.string(), z.array(z.object({ role: z.string(), content: ContentSchema }).loose())]),
    target: z.union([z.string(), z.array(z.string())]),
    output: z
      .object({
        choices: z.array(z.object({ message: z.object({ content: ContentSchema }).loose(), stop_reason: z.string().nullish() }).loose()),
        usage: z.object({ input_tokens: z.number().int().nonnegative().nullish(), output_tokens: z.number().int().nonnegative().nullish() }).loose().nullish(),
      })
      .loose()
      .nullish(),
    scores: z.record(z.string(), z.object({ value: z.unknown(), answer: z.string().nullish(), explanation: z.string().nullish() }).loose()).nullish(),
    total_time: z.number().nonnegative().nullish(),
    error: z.unknown().optional(),
  })
  .loose();

const LogSchema = z.object({
  version: z.number().int(),
  status: z.string(),
  eval: z
    .object({
      task: z.string().min(1),
      model: z.string().min(1),
      created: z.string().min(1),
      packages: z.record(z.string(), z.string()).nullish(),
      config: z
        .object({ temperature: z.number().nullish(), seed: z.number().int().nullish(), max_tokens: z.number().int().positive().nullish() })
        .loose()
        .nullish(),
    })
    .loose(),
  samples: z.array(z.unknown()).min(1, 'no samples: write the log with samples (the default) to import it'),
});

type Sample = z.infer<typeof SampleSchema>;
type Log = z.infer<typeof LogSchema>;

const contentText = (content: z.infer<typeof ContentSchema>): string =>
  typeof content === 'string' ? content : content.map((part) => part.text ?? '').join('');

/** Inspect's value_to_float: C(orrect) 1, P(artial) 0.5, I(ncorrect) and N(o answer) 0; numbers and booleans as they are. */
function scoreValue(value: unknown): number | null {
  if (typeof value === 'boolean') return Number(value);
  if (typeof value === 'number') return value >= 0 && value <= 1 ? value : null;
  const letters: Record<string, number> = { C: 1, P: 0.5, I: 0, N: 0 };
  return typeof value === 'string' && value in letters ? letters[value]! : null;
}

function verdictOf(sample: Sample, where: string): ImportedRun['verdict'] {
  const [scorer, score] = Object.entries(sample.scores ?? {})[0] ?? [];
  if (scorer === undefined || score === undefined) {
    if (sample.error)
      return {
        passed: false,
        score: 0,
        scorer: null,
        detail: null,
        failure: { stage: 'transport', class: 'sample_error', message: JSON.stringify(sample.error).slice(0, 500) },
      };
    throw new CliError(`${where}.scores: the sample has no score; score the log (inspect score) before importing`);
  }
  const value = scoreValue(score.value);
  if (value === null) throw new CliError(`${where}.scores.${scorer}.value: ${JSON.stringify(score.value)} is not C/I/P/N, a boolean or a 0..1 number`);
  const passed = value === 1;
  const detail = score.explanation ?? score.answer ?? null;
  return {
    passed,
    score: value,
    scorer,
    detail,
    failure: passed ? null : { stage: 'semantic', class: 'imported_fail', message: detail ?? `${scorer} = ${JSON.stringify(score.value)}` },
  };
}

function rescoreTarget(task: string, target: Sample['target']): RescoreTarget | null {
  if (!/gsm8k/i.test(task) || typeof target !== 'string') return null;
  return /^\s*-?[\d,]+(\.\d+)?\s*$/.test(target) ? { evaluator: 'numeric@1', reference: Number(target.replace(/,/g, '')) } : null;
}

function toRun(log: Log, sample: Sample, i: number, where: string, recordedAt: string, modelName: string | undefined): ImportedRun {
  const choice = sample.output?.choices[0];
  const response = choice ? contentText(choice.message.content) : null;
  const prompt = typeof sample.input === 'string' ? sample.input : sample.input.map((m) => `${m.role}: ${contentText(m.content)}`).join('\n\n');
  const config = log.eval.config;
  return {
    line: null,
    index: `samples[${i}]`,
    model: modelName === undefined ? modelFromProvider(log.eval.model, '/') : { name: modelName, backend: 'openai' },
    experiment: log.eval.task,
    task: { id: String(sample.id), family: log.eval.task, hash: null },
    arm: 'plain',
    repeat: sample.epoch - 1,
    recordedAt,
    simulated: false,
    prompt,
    response,
    doneReason: choice?.stop_reason ?? null,
    params: { ...UNKNOWN_PARAMS, temperature: config?.temperature ?? null, seed: config?.seed ?? null, max_tokens: config?.max_tokens ?? null },
    tokens: { prompt: sample.output?.usage?.input_tokens ?? null, output: sample.output?.usage?.output_tokens ?? null },
    wallMs: sample.total_time == null ? null : sample.total_time * 1000,
    energy: null,
    host: null,
    powerLimit: null,
    verdict: verdictOf(sample, where),
    cost: null,
    dropped: [
      'messages, events: the transcript; the first choice is the response',
      'scores other than the first: the first scorer is the verdict',
      'metadata, model_usage: no ledger field',
    ],
    rescore: response === null ? null : rescoreTarget(log.eval.task, sample.target),
  };
}

export function importInspect(file: SourceFile, modelName?: string): { info: SourceInfo; runs: ImportedRun[] } {
  const log = jsonDocument(file, LogSchema, 'an Inspect AI eval log in JSON form');
  if (!KNOWN_VERSIONS.includes(log.version)) {
    throw new CliError(
      `${file.label}: version: ${log.version} is not an eval log version this importer knows (${KNOWN_VERSIONS.join(', ')}); see docs/importers.md`,
    );
  }
  const recordedAt = isoTime(log.eval.created, `${file.label}: eval.created`);
  const runs = log.samples.map((raw, i) => {
    const where = `${file.label}: samples[${i}]`;
    const parsed = SampleSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new CliError(`${where}.${issue.path.map(String).join('.')}: ${issue.message}`);
    }
    return toRun(log, parsed.data, i, where, recordedAt, modelName);
  });
  return { info: { format: 'inspect', tool: { name: 'inspect_ai', version: log.eval.packages?.inspect_ai ?? null }, file }, runs };
}
