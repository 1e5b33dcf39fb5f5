import type { RunRecord } from '../../schema/run-record.ts';

/**
 * Runs whose response (or thinking, or failure message) contains the query, case-insensitively.
 * An empty query keeps every run.
 */
export function searchRuns(runs: readonly RunRecord[], query: string): RunRecord[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [...runs];
  return runs.filter((run) =>
    [run.response.text ?? '', run.response.thinking ?? '', run.failure?.message ?? '', run.failure?.class ?? ''].some((text) =>
      text.toLowerCase().includes(needle),
    ),
  );
}
