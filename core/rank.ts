/**
 * Ranks, written once for the exporter and the site: the site ranks rows it pools for a sweep
 * subset by the same rule the exporter ranked model_rankings.json with.
 */

/**
 * Competition ranks (1, 1, 3) within groups: rows with equal `value` share a rank. `better(a, b)`
 * is negative when a ranks ahead of b.
 */
export function rankWithin<Row>(rows: Row[], group: (row: Row) => string, better: (a: Row, b: Row) => number): Map<Row, number> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = group(row);
    const members = groups.get(key);
    if (members === undefined) groups.set(key, [row]);
    else members.push(row);
  }
  const ranks = new Map<Row, number>();
  for (const members of groups.values()) {
    const sorted = [...members].sort(better);
    sorted.forEach((row, index) => {
      const previous = sorted[index - 1];
      const tied = previous !== undefined && better(previous, row) === 0;
      ranks.set(row, tied ? ranks.get(previous)! : index + 1);
    });
  }
  return ranks;
}

/** The model_rankings rule: best run pass rate first within (experiment, arm, power_level); no answered run ranks last. */
export function rankModels<Row extends { experiment: string; arm: string; power_level: string; run_pass_rate: number | null }>(rows: Row[]): Map<Row, number> {
  return rankWithin(
    rows,
    (row) => `${row.experiment}\u0000${row.arm}\u0000${row.power_level}`,
    (a, b) => (b.run_pass_rate ?? -1) - (a.run_pass_rate ?? -1),
  );
}

/** The task_rankings rule: lowest pooled run pass rate first (hardest) within (experiment, arm); a task nobody answered says nothing about difficulty and ranks last. */
export function rankTasks<Row extends { experiment: string; arm: string; run_pass_rate: number | null }>(rows: Row[]): Map<Row, number> {
  return rankWithin(
    rows,
    (row) => `${row.experiment}\u0000${row.arm}`,
    (a, b) => (a.run_pass_rate ?? 2) - (b.run_pass_rate ?? 2),
  );
}
