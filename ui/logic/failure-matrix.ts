/** The failure class × model matrix: counts summed over tasks, classes ordered by total, most first. */
export interface FailureInput {
  model: string;
  stage: string;
  failure_class: string;
  hard: boolean;
  count: number;
}

export interface FailureMatrix {
  models: string[];
  classes: { failure_class: string; stage: string; hard: boolean; total: number; counts: Map<string, number> }[];
}

export function failureMatrix(rows: readonly FailureInput[]): FailureMatrix {
  const models = new Set<string>();
  const classes = new Map<string, FailureMatrix['classes'][number]>();
  for (const row of rows) {
    models.add(row.model);
    // A class can occur at more than one stage (a timeout in transport or in execute): keep them apart.
    const key = `${row.stage}\u0000${row.failure_class}`;
    let entry = classes.get(key);
    if (!entry) {
      entry = { failure_class: row.failure_class, stage: row.stage, hard: row.hard, total: 0, counts: new Map() };
      classes.set(key, entry);
    }
    entry.total += row.count;
    entry.counts.set(row.model, (entry.counts.get(row.model) ?? 0) + row.count);
  }
  const ordered = [...classes.values()].sort((a, b) => b.total - a.total || a.failure_class.localeCompare(b.failure_class));
  return { models: [...models].sort(), classes: ordered };
}
