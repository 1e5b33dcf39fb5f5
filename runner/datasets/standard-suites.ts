import { CliError } from '../../lib/cli-error.ts';
import { ExperimentManifestSchema, type Experiment } from '../../schema/experiment.ts';
import { GSM8K_MANIFEST, Gsm8kRowSchema, gsm8kTask } from './gsm8k.ts';
import { HUMANEVAL_MANIFEST, HumanEvalRowSchema, humanEvalTask } from './humaneval.ts';
import { MBPP_MANIFEST, MbppRowSchema, mbppTask } from './mbpp.ts';
import { chooseSubset } from './sample.ts';
import { parseJsonl, readDatasetBytes } from './source.ts';

/**
 * Public benchmark datasets converted into the same `Experiment` shape as a suite folder, so the
 * runner, the ledger and the exporter treat them like any other suite.
 */
export const STANDARD_SUITES: readonly string[] = ['humaneval', 'mbpp', 'gsm8k'];

export type StandardSuiteName = 'humaneval' | 'mbpp' | 'gsm8k';

export interface StandardSuiteOptions {
  /** Keep this many tasks (all when absent). */
  limit?: number;
  /** With `limit`: a seeded random subset instead of the first `limit` rows. */
  sampleSeed?: number;
  /** Expected sha256 of the dataset file; a mismatch is an error. */
  sha256?: string;
  /** Where downloaded datasets are kept, named by the URL's sha256. */
  cacheDir: string;
  /** The sweep's stop signal: a stop aborts a download in flight. */
  stop?: AbortSignal;
}

export function isStandardSuite(name: string): name is StandardSuiteName {
  return STANDARD_SUITES.includes(name);
}

type Manifestish = { id: string; title: string; description: string; evaluator: string; defaults: object; citation: string };

function manifestFor(info: Manifestish, sha256: string, source: string) {
  // Cite the dataset and pin its bytes; a URL is a key worth keeping, a local path is not.
  const from = /^https?:\/\//i.test(source) ? `; downloaded from ${source}` : '';
  return ExperimentManifestSchema.parse({
    id: info.id,
    title: info.title,
    description: info.description,
    evaluator: info.evaluator,
    defaults: info.defaults,
    source: `${info.citation}; file sha256 ${sha256}${from}`,
  });
}

/** Loads HumanEval, MBPP or GSM8K from a local `.jsonl`/`.jsonl.gz` or an http(s) URL. */
export async function loadStandardSuite(name: StandardSuiteName, source: string, options: StandardSuiteOptions): Promise<Experiment> {
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 1)) {
    throw new CliError(`--limit must be a positive integer, got ${options.limit}`);
  }
  const data = await readDatasetBytes(source, options);
  let info: Manifestish;
  let tasks: Experiment['tasks'];
  switch (name) {
    case 'humaneval':
      info = HUMANEVAL_MANIFEST;
      tasks = parseJsonl(data, HumanEvalRowSchema).map(humanEvalTask);
      break;
    case 'mbpp':
      info = MBPP_MANIFEST;
      tasks = parseJsonl(data, MbppRowSchema).map(mbppTask);
      break;
    case 'gsm8k':
      info = GSM8K_MANIFEST;
      tasks = parseJsonl(data, Gsm8kRowSchema).map((row, i) => gsm8kTask(row, i + 1));
      break;
    default:
      throw new CliError(`unknown standard suite '${String(name)}'; known: ${STANDARD_SUITES.join(', ')}`);
  }
  const seen = new Set<string>();
  for (const task of tasks) {
    if (seen.has(task.id)) throw new CliError(`${data.label}: duplicate task id '${task.id}'`);
    seen.add(task.id);
  }
  return {
    manifest: manifestFor(info, data.sha256, source),
    tasks: chooseSubset(tasks, options.limit, options.sampleSeed),
  };
}
