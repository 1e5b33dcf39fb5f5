import { SURFACE_SCHEMAS, type SurfaceData, type SurfaceFile } from '../../core/surfaces.ts';
import { RunsShardSchema, type RunsShard } from '../../schema/surfaces/runs-shard.ts';
import { ComparisonPairsShardSchema } from '../../schema/surfaces/comparison-pairs.ts';
import { decodePairRuns, type SweepRun } from '../../core/paired/pair-runs.ts';
import { missingError, parseJsonBody, validateSurface } from './validate.ts';
import type { RunRecord } from '../../schema/run-record.ts';
import { rawDataHref } from '../state/route.ts';

const cache = new Map<string, Promise<unknown>>();

/** `data/<file>` relative to the page, so the site works at `/` and under any sub-path. */
export function dataUrl(file: string): string {
  return new URL(rawDataHref(file), document.baseURI).href;
}

async function fetchJson(file: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(dataUrl(file), { headers: { Accept: 'application/json' } });
  } catch (error) {
    throw missingError(file, `could not fetch it: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw missingError(file, `HTTP ${response.status}`);
  return parseJsonBody(file, await response.text());
}

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  let entry = cache.get(key) as Promise<T> | undefined;
  if (!entry) {
    entry = load();
    cache.set(key, entry);
    // A failed load is not cached: the user may run the export and retry without a full reload.
    entry.catch(() => cache.delete(key));
  }
  return entry;
}

/**
 * False when the manifest loads and does not list the file (an export from before the surface
 * existed): the page then says so without a request the browser would log as a failed load.
 * True when there is no manifest to ask; the file's own fetch reports what is wrong.
 */
async function listedInManifest(file: SurfaceFile): Promise<boolean> {
  if (file === 'index.json') return true;
  try {
    const index = await loadSurface('index.json');
    return index.files.some((entry) => entry.path === file);
  } catch {
    return true;
  }
}

/** Fetches, validates and caches one surface; throws a SurfaceError naming the file and the fix. */
export function loadSurface<File extends SurfaceFile>(file: File): Promise<SurfaceData<File>> {
  return cached(file, async () => {
    if (!(await listedInManifest(file))) throw missingError(file, 'index.json does not list it');
    return validateSurface(file, SURFACE_SCHEMAS[file], await fetchJson(file)) as SurfaceData<File>;
  });
}

/** One run shard, validated with the run-record schema. */
export function loadShard(path: string): Promise<RunsShard> {
  return cached(path, async () => validateSurface(path, RunsShardSchema, await fetchJson(path)));
}

/** One side's pairs file (comparison_pairs/*.json), validated and decoded into runs. */
export function loadPairsFile(path: string): Promise<SweepRun[]> {
  return cached(path, async () => decodePairRuns(validateSurface(path, ComparisonPairsShardSchema, await fetchJson(path))));
}

/**
 * Every run of some tasks, fetching only the shards whose `tasks` list names one of them
 * (keys are `experiment/task_id`).
 */
export async function loadRunsForTasks(taskKeys: readonly string[]): Promise<RunRecord[]> {
  const index = await loadSurface('index.json');
  const wanted = new Set(taskKeys);
  const shards = index.run_shards.filter((shard) => shard.tasks.some((key) => wanted.has(key)));
  const loaded = await Promise.all(shards.map((shard) => loadShard(shard.path)));
  return loaded.flatMap((shard) => shard.rows.filter((run) => wanted.has(`${run.experiment}/${run.task.id}`)));
}

/** Raw JSON of any file listed in the manifest, for the JSON browser (no schema: it shows what is there). */
export function loadRaw(file: string): Promise<unknown> {
  return cached(`raw:${file}`, () => fetchJson(file));
}

/**
 * One run by id, with the shard that holds it. `taskKey` (`experiment/task_id`, when the link
 * knows it) narrows the search to that task's shards; otherwise shards are read one at a time
 * until the run turns up, so a found run rarely costs the whole export. Null when no shard has it.
 */
export async function findRun(runId: string, taskKey?: string): Promise<{ run: RunRecord; shard: string } | null> {
  const index = await loadSurface('index.json');
  const hinted = taskKey === undefined ? [] : index.run_shards.filter((shard) => shard.tasks.includes(taskKey));
  const rest = index.run_shards.filter((shard) => !hinted.includes(shard));
  for (const shard of [...hinted, ...rest]) {
    const run = (await loadShard(shard.path)).rows.find((row) => row.run_id === runId);
    if (run !== undefined) return { run, shard: shard.path };
  }
  return null;
}
