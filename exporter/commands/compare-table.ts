import type { ComparisonRow } from '../../schema/surfaces/comparisons.ts';

/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number> = new Set()): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const pct = (p: number) => `${(p * 100).toFixed(1)}%`;
const signedPoints = (p: number) => {
  const value = p * 100;
  return `${value > 0.05 ? '+' : ''}${Math.abs(value) < 0.05 ? '0.0' : value.toFixed(1)}`;
};
const sig = (value: number) => {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  let text: string;
  if (magnitude >= 100) text = value.toFixed(0);
  else if (magnitude >= 0.01) text = value.toPrecision(3);
  else text = value.toExponential(1);
  return value > 0 ? `+${text}` : text;
};
const pValue = (p: number) => (p < 0.0001 ? p.toExponential(1) : p.toPrecision(2));

/** The compare command's table: one line per suite (× arm, × power level). */
export function comparisonTable(rows: readonly ComparisonRow[]): string {
  const header = [
    'suite',
    'arm',
    'power',
    'pairs',
    'original task pass',
    'candidate task pass',
    'Δ task points (95% CI)',
    'b/c',
    'suspect b/c',
    'McNemar p',
    'cost Δ $/run',
    'energy Δ J/run',
    'wall Δ ms/run',
    'verdict',
  ];
  const body = rows.map((row) => [
    row.experiment,
    row.arm,
    row.kind === 'model' ? row.original_power_level : `${row.original_power_level}→${row.candidate_power_level}`,
    String(row.pairs),
    `${pct(row.original_task_pass_rate)} [${pct(row.original_task_pass_rate_ci.low)}, ${pct(row.original_task_pass_rate_ci.high)}]`,
    `${pct(row.candidate_task_pass_rate)} [${pct(row.candidate_task_pass_rate_ci.low)}, ${pct(row.candidate_task_pass_rate_ci.high)}]`,
    `${signedPoints(row.delta)} [${signedPoints(row.delta_ci.low)}, ${signedPoints(row.delta_ci.high)}]`,
    `${row.original_only}/${row.candidate_only}`,
    // Discordant pairs that involve a suspected harness fault (docs/comparisons.md, "Harness suspects").
    `${row.harness_suspects.lost}/${row.harness_suspects.won}`,
    row.mcnemar_p_holm === null ? pValue(row.mcnemar_p) : `${pValue(row.mcnemar_p)} (Holm ${pValue(row.mcnemar_p_holm)})`,
    // A delta no pair recorded on both sides is said so, never printed as 0 (deltas_not_recorded says why).
    row.cost_delta_usd === null ? 'not recorded' : sig(row.cost_delta_usd.mean),
    row.energy_delta_j === null ? 'not recorded' : sig(row.energy_delta_j.mean),
    row.wall_ms_delta === null ? 'not recorded' : sig(row.wall_ms_delta.mean),
    row.verdict,
  ]);
  return renderTable(header, body, new Set([3, 7, 8, 9, 10, 11, 12]));
}
