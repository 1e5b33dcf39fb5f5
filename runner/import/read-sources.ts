import { CliError } from '../../lib/cli-error.ts';
import type { ImportFormat } from '../../schema/origin.ts';
import { loadStandardSuite } from '../datasets/standard-suites.ts';
import { importSamples } from './humaneval-samples.ts';
import type { ImportedRun, SourceInfo } from './imported-run.ts';
import { importInspect } from './inspect.ts';
import { importJarri } from './jarri.ts';
import { importLmEval } from './lm-eval.ts';
import { importPromptfoo } from './promptfoo.ts';
import type { SourceFile } from './source-file.ts';
import { withOurSuiteTargets } from './suite-targets.ts';
import { importTokenjam } from './tokenjam.ts';

/** The runs of one source file, with what is known of the harness that wrote it. */
export interface SourceRuns {
  info: SourceInfo;
  runs: ImportedRun[];
}

export interface ReadOptions {
  modelName?: string;
  /** HumanEval dataset (path or URL) for samples formats. */
  dataset?: string;
  cacheDir: string;
}

/** Reads every file with the format's reader (one format per command), then matches runs to our own suites. */
export async function readSources(format: ImportFormat, files: SourceFile[], options: ReadOptions): Promise<SourceRuns[]> {
  const sources = await readWith(format, files, options);
  return sources.map((source) => ({ ...source, runs: withOurSuiteTargets(source.runs) }));
}

async function readWith(format: ImportFormat, files: SourceFile[], options: ReadOptions): Promise<SourceRuns[]> {
  const { modelName } = options;
  switch (format) {
    case 'jarri':
      return files.map((file) => importJarri(file, modelName));
    case 'tokenjam':
      // A proof names both of its models; one --model-name cannot rename two.
      if (modelName !== undefined) throw new CliError('--model-name does not apply to tokenjam proofs: each names its original and candidate model');
      return files.map((file) => importTokenjam(file));
    case 'lm-eval':
      return importLmEval(files, modelName);
    case 'promptfoo':
      return files.map((file) => importPromptfoo(file, modelName));
    case 'inspect':
      return files.map((file) => importInspect(file, modelName));
    case 'humaneval-samples':
    case 'evalplus': {
      if (options.dataset === undefined)
        throw new CliError(`--from ${format} scores the samples with our sandbox: pass --dataset PATH_OR_URL (HumanEval's HumanEval.jsonl.gz)`);
      const suite = await loadStandardSuite('humaneval', options.dataset, { cacheDir: options.cacheDir });
      return files.map((file) => importSamples(file, format, suite, modelName));
    }
  }
}
