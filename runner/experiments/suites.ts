import { join } from 'node:path';
import { CliError } from '../../lib/cli-error.ts';
import type { Experiment } from '../../schema/experiment.ts';
import { STANDARD_SUITES, isStandardSuite, loadStandardSuite } from '../datasets/standard-suites.ts';
import type { SweepOptions } from '../sweep/options.ts';
import { DEFAULT_EXPERIMENTS_DIR, listBuiltInSuites, loadBuiltInSuite } from './load.ts';
import { subsetByIds } from './subset.ts';

/** Where suites come from: the built-in folder and the `--dataset` sources of standard suites. */
export interface SuiteSources {
  root: string;
  datasets: SweepOptions['datasets'];
  limit: number | null;
  sampleSeed: number;
  cacheDir: string;
  /** The sweep's stop signal: a stop aborts a dataset download in flight. */
  stop?: AbortSignal;
}

export function defaultSuiteSources(options: SweepOptions, root = DEFAULT_EXPERIMENTS_DIR): SuiteSources {
  return {
    root,
    datasets: options.datasets,
    limit: options.limit,
    sampleSeed: options.sample_seed,
    // Downloads are kept beside the tool (ignored by git), so a second sweep does not fetch again.
    cacheDir: join(root, '..', '.cache', 'datasets'),
  };
}

/** The default suite list: every built-in suite, plus each standard suite given a `--dataset`. */
export function defaultSuiteIds(sources: SuiteSources): string[] {
  const ids = [...listBuiltInSuites(sources.root), ...Object.keys(sources.datasets)];
  if (ids.length === 0) throw new CliError(`no suites found under ${sources.root}; pass --experiments or add a suite folder`);
  return [...new Set(ids)];
}

/**
 * Loads every named suite, subset by `--limit/--sample-seed`. Unknown names, standard suites
 * without `--dataset`, and `--dataset` for a non-standard name are one CliError line each.
 */
export async function loadSuites(ids: string[], sources: SuiteSources): Promise<Experiment[]> {
  const builtIn = listBuiltInSuites(sources.root);
  for (const name of Object.keys(sources.datasets)) {
    if (!isStandardSuite(name)) throw new CliError(`--dataset ${name}: not a standard suite; standard suites: ${STANDARD_SUITES.join(', ')}`);
  }
  const suites: Experiment[] = [];
  for (const id of ids) {
    if (builtIn.includes(id)) {
      const suite = loadBuiltInSuite(sources.root, id);
      suites.push({ manifest: suite.manifest, tasks: subsetByIds(suite.tasks, sources.limit, sources.sampleSeed) });
    } else if (isStandardSuite(id)) {
      const dataset = sources.datasets[id];
      if (!dataset) throw new CliError(`experiment '${id}' is a standard suite: pass --dataset ${id}=PATH_OR_URL (a .jsonl or .jsonl.gz file)`);
      suites.push(
        await loadStandardSuite(id, dataset.source, {
          ...(sources.limit === null ? {} : { limit: sources.limit }),
          sampleSeed: sources.sampleSeed,
          ...(dataset.sha256 === null ? {} : { sha256: dataset.sha256 }),
          cacheDir: sources.cacheDir,
          ...(sources.stop ? { stop: sources.stop } : {}),
        }),
      );
    } else {
      const known = [...builtIn, ...STANDARD_SUITES.map((name) => `${name} (needs --dataset)`)];
      throw new CliError(`unknown experiment '${id}'; available: ${known.join(', ')}`);
    }
  }
  return suites;
}
