import { valueAt, type PathPart } from './json-path.ts';

/** A leaf of a data/ file that names a run, and the shard hint (`experiment/task_id`) for finding it. */
export interface RunLink {
  runId: string;
  task: string | null;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `experiment/task_id` of a run record (`task.id`) or of a surface row (`task_id`); null when either is missing. */
function taskOf(row: unknown): string | null {
  if (!isObject(row) || typeof row.experiment !== 'string') return null;
  const task = isObject(row.task) ? row.task.id : row.task_id;
  return typeof task === 'string' ? `${row.experiment}/${task}` : null;
}

/**
 * The run a leaf names, so the JSON browser can link it to `#/run/<run_id>`: a string under a
 * `run_id` key, or an item of a `representative_run_ids` list. A rejected ledger line
 * (verification.json `rows[]`: it has a `kind`) names a run only when it was rejected as a
 * duplicate; any other rejected line was never recorded, so there is nothing to open.
 */
export function runLinkOf(root: unknown, parts: readonly PathPart[]): RunLink | null {
  const leaf = valueAt(root, parts);
  if (!leaf.found || typeof leaf.value !== 'string' || leaf.value === '') return null;
  const last = parts.at(-1);
  if (last === 'run_id') {
    const row = valueAt(root, parts.slice(0, -1)).value;
    if (isObject(row) && typeof row.kind === 'string' && row.kind !== 'duplicate_run_id') return null;
    return { runId: leaf.value, task: taskOf(row) };
  }
  if (typeof last === 'number' && parts.at(-2) === 'representative_run_ids') {
    return { runId: leaf.value, task: taskOf(valueAt(root, parts.slice(0, -2)).value) };
  }
  return null;
}
