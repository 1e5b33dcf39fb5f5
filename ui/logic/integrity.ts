import type { IntegrityViolationRow } from '../../schema/surfaces/verification.ts';

/** One model's tampering, summed over its suites, for the notice on the models and model views. */
export interface IntegritySummary {
  model: string;
  runs: number;
  /** Suites with their counts, e.g. `code_exec_v1 (37 runs, 37 tasks)`. */
  suites: string[];
}

/** The models (or the one `model`) whose runs tampered with the grader, most runs first. Pure. */
export function integritySummaries(rows: readonly IntegrityViolationRow[], model?: string): IntegritySummary[] {
  const byModel = new Map<string, IntegritySummary>();
  for (const row of rows) {
    if (model !== undefined && row.model !== model) continue;
    const entry = byModel.get(row.model) ?? { model: row.model, runs: 0, suites: [] };
    entry.runs += row.runs;
    entry.suites.push(`${row.experiment} (${row.runs} ${row.runs === 1 ? 'run' : 'runs'}, ${row.tasks} ${row.tasks === 1 ? 'task' : 'tasks'})`);
    byModel.set(row.model, entry);
  }
  return [...byModel.values()].sort((a, b) => b.runs - a.runs || a.model.localeCompare(b.model));
}
