import path from 'node:path';
import { z } from 'zod';
import { CliError } from '../../lib/cli-error.ts';
import { isoTime, UNKNOWN_PARAMS, type ImportedRun, type RescoreTarget, type SourceInfo } from './imported-run.ts';
import { jsonDocument, jsonlRows, type SourceFile } from './source-file.ts';

/**
 * lm-evaluation-harness 0.4 output: `results_<time>.json` (model, date, per-task versions and
 * configs) and, with `--log_samples`, one `samples_<task>_<time>.jsonl` a task whose lines hold the
 * doc, the target, the raw `resps`, the `filtered_resps`, the filter and the per-sample metrics.
 */
const ResultsSchema = z.object({
  results: z.record(z.string(), z.record(z.string(), z.unknown())),
  configs: z.record(z.string(), z.record(z.string(), z.unknown())),
  versions: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
  config: z.object({ model: z.string().nullish(), model_args: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish() }).loose(),
  model_name: z.string().nullish(),
  date: z.number().finite(),
  git_hash: z.string().nullish(),
});

const SampleSchema = z
  .object({
    doc_id: z.union([z.number().int().nonnegative(), z.string().min(1)]),
    doc: z.record(z.string(), z.unknown()),
    target: z.unknown(),
    arguments: z.unknown(),
    resps: z.array(z.array(z.unknown())),
    filtered_resps: z.array(z.unknown()),
    filter: z.string().min(1).optional(),
    metrics: z.array(z.string().min(1)).min(1),
  })
  .loose();

type Results = z.infer<typeof ResultsSchema>;
type Sample = z.infer<typeof SampleSchema>;

/** `samples_gsm8k_2024-05-01T12-00-00.123456.jsonl` → `gsm8k`. */
export function sampleTaskName(fileName: string): string | null {
  return /^samples_(.+)_\d{4}-\d{2}-\d{2}T[\d.:-]+\.jsonl$/.exec(fileName)?.[1] ?? null;
}

function modelName(results: Results): string | null {
  if (results.model_name) return results.model_name;
  const args = results.config.model_args;
  if (typeof args === 'string') return /(?:^|,)(?:pretrained|model)=([^,]+)/.exec(args)?.[1] ?? null;
  const named = args?.pretrained ?? args?.model;
  return typeof named === 'string' ? named : null;
}

/** The prompt from `arguments`: `[[prompt, gen_kwargs]]` (0.4.0) or `{gen_args_0: {arg_0: prompt}}` (later 0.4). */
function promptOf(args: unknown): string | null {
  if (Array.isArray(args) && Array.isArray(args[0]) && typeof args[0][0] === 'string') return args[0][0];
  const first = args !== null && typeof args === 'object' ? (args as Record<string, { arg_0?: unknown }>).gen_args_0?.arg_0 : undefined;
  return typeof first === 'string' ? first : null;
}

/** GSM8K's target is the worked solution ending `#### 72`; the number after `####` is the reference. */
function gsm8kReference(target: unknown): number | null {
  const text = String(target);
  const match = /####\s*(-?[\d,]+(?:\.\d+)?)\s*$/.exec(text) ?? /^\s*(-?[\d,]+(?:\.\d+)?)\s*$/.exec(text);
  return match ? Number(match[1]!.replace(/,/g, '')) : null;
}

/** Our evaluator for the task, where we have one and the sample holds what it needs. */
function rescoreTarget(task: string, sample: Sample): RescoreTarget | null {
  if (task.startsWith('gsm8k')) {
    const reference = gsm8kReference(sample.target);
    return reference === null ? null : { evaluator: 'numeric@1', reference };
  }
  const { prompt, test, entry_point, test_list, test_setup_code } = sample.doc;
  if (task.startsWith('mbpp') && Array.isArray(test_list) && test_list.every((t) => typeof t === 'string')) {
    return { evaluator: 'mbpp@1', reference: { test_list, test_setup_code: typeof test_setup_code === 'string' ? test_setup_code : '' } };
  }
  if (task.startsWith('humaneval') && typeof prompt === 'string' && typeof test === 'string' && typeof entry_point === 'string') {
    // lm-eval asks the model to continue the prompt: its response is a raw completion.
    return { evaluator: 'humaneval@1', reference: { prompt, test, entry_point }, settings: { raw_completion: true } };
  }
  return null;
}

function verdictOf(sample: Sample, where: string): ImportedRun['verdict'] {
  const metric = sample.metrics.find((name) => name in sample);
  if (metric === undefined) throw new CliError(`${where}: metrics names ${sample.metrics.join(', ')} but the line holds none of them`);
  const raw = (sample as Record<string, unknown>)[metric];
  const value = typeof raw === 'boolean' ? Number(raw) : raw;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new CliError(
      `${where}: ${metric}: ${JSON.stringify(raw)} is not a 0..1 per-sample score; only such metrics (exact_match, acc, pass@1, …) can be imported`,
    );
  }
  const passed = value === 1;
  const filtered = sample.filtered_resps[0];
  const detail = `${metric}=${value}; filtered response ${JSON.stringify(filtered)}`;
  return {
    passed,
    score: value,
    scorer: `${metric}${sample.filter ? `,${sample.filter}` : ''}`,
    detail,
    failure: passed ? null : { stage: 'semantic', class: 'imported_fail', message: detail },
  };
}

function toRun(results: Results, task: string, sample: Sample, line: number, where: string, model: string): ImportedRun {
  const response = sample.resps[0]?.[0];
  return {
    line,
    index: null,
    model: { name: model, backend: 'openai' },
    experiment: task,
    task: { id: String(sample.doc_id), family: task, hash: typeof sample.doc_hash === 'string' ? sample.doc_hash : null },
    arm: sample.filter ?? 'none',
    repeat: 0,
    recordedAt: isoTime(results.date, `${where}: date`),
    simulated: false,
    prompt: promptOf(sample.arguments),
    // A generation task's response is text; a log-likelihood task's is [logprob, is_greedy], not an answer.
    response: typeof response === 'string' ? response : null,
    doneReason: null,
    params: UNKNOWN_PARAMS,
    tokens: { prompt: null, output: null },
    wallMs: null,
    energy: null,
    host: null,
    powerLimit: null,
    verdict: verdictOf(sample, where),
    cost: null,
    dropped: [
      'doc, target: kept only as the rescoring reference',
      'filtered_resps: in origin.their_verdict.detail',
      'prompt_hash, target_hash: lm-eval hashes; doc_hash is the task hash',
    ],
    rescore: typeof response === 'string' ? rescoreTarget(task, sample) : null,
  };
}

/** Reads one results JSON and the sample files beside it in the arguments. */
export function importLmEval(files: SourceFile[], modelOverride?: string): Array<{ info: SourceInfo; runs: ImportedRun[] }> {
  const resultsFiles = files.filter((file) => file.name.endsWith('.json'));
  const sampleFiles = files.filter((file) => file.name.endsWith('.jsonl'));
  if (resultsFiles.length !== 1) {
    throw new CliError(
      `lm-eval: pass exactly one results_*.json (model, date and task versions come from it) with its samples_*.jsonl files; got ${resultsFiles.length}`,
    );
  }
  if (sampleFiles.length === 0) throw new CliError('lm-eval: no samples_<task>_<time>.jsonl given; run lm_eval with --log_samples and pass those files');
  const resultsFile = resultsFiles[0]!;
  const results = jsonDocument(resultsFile, ResultsSchema, 'an lm-evaluation-harness 0.4 results_<time>.json');
  const model = modelOverride ?? modelName(results);
  if (model === null) throw new CliError(`${resultsFile.label}: model_name: not recorded (nor pretrained= in config.model_args); pass --model-name NAME`);
  const tool = { name: 'lm-evaluation-harness', version: results.git_hash ? `git ${results.git_hash}` : null };
  return sampleFiles.map((file) => {
    const task = sampleTaskName(file.name);
    if (task === null) throw new CliError(`${file.label}: not named samples_<task>_<time>.jsonl, so its task is unknown; keep lm-eval's file names`);
    if (!(task in results.versions))
      throw new CliError(`${file.label}: task '${task}' is not in ${path.basename(resultsFile.label)} versions; pass the results file of the same run`);
    const runs = jsonlRows(file, SampleSchema).map(({ line, row }) => toRun(results, task, row, line, `${file.label}:${line}`, model));
    return {
      info: {
        format: 'lm-eval' as const,
        tool: {
          ...tool,
          version: tool.version === null ? `task ${task} v${results.versions[task]}` : `${tool.version}; task ${task} v${results.versions[task]}`,
        },
        file,
      },
      runs,
    };
  });
}
