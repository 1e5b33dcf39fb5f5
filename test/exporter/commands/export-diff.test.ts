import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, describeRow, diffExports, type ExportTables } from '../../../exporter/commands/export-diff.ts';

/** One model × suite × arm row with its tasks, each `[passed, runs]` over repeats. */
function exportOf(tasks: [number, number][], model = 'ollama:a', extra: Partial<Record<string, number | null>> = {}): ExportTables {
  const key = { model, experiment: 'math', arm: 'plain', power_level: 'default' };
  const rows = tasks.map(([passed, runs], i) => ({
    ...key,
    task_id: `t${String(i).padStart(2, '0')}`,
    answered_runs: runs,
    passed,
    run_pass_rate: passed / runs,
    mean_output_tokens: 100,
    mean_wall_ms: 1000,
    mean_joules_per_run: 50,
    ...extra,
  }));
  const passed = tasks.reduce((sum, [p]) => sum + p, 0);
  const runs = tasks.reduce((sum, [, r]) => sum + r, 0);
  return { rankings: [{ ...key, passed, answered_runs: runs }], tasks: rows };
}

describe('diffExports', () => {
  it('pairs by task and takes the majority over repeats: repeats do not count as independent trials', () => {
    // 12 tasks × 10 repeats; in the new export 3 tasks fail every repeat (120 → 90 passed runs).
    const before = exportOf(Array.from({ length: 12 }, () => [10, 10]));
    const after = exportOf(Array.from({ length: 12 }, (_, i) => (i < 3 ? [0, 10] : [10, 10])));
    const [row] = diffExports(before, after).rows;
    // 3 lost, 0 gained: McNemar exact p = 2 · 0.5³ = 0.25, not a regression at α = 0.05.
    expect(row!.passes).toMatchObject({ tasks: 12, oldPassed: 12, newPassed: 9, lost: 3, gained: 0, regressed: false });
    expect(row!.passes!.p).toBeCloseTo(0.25, 12);
  });

  it('a task passes on a strict majority of its repeats (a tie is not a pass)', () => {
    const before = exportOf(Array.from({ length: 8 }, () => [2, 3]));
    const after = exportOf(Array.from({ length: 8 }, () => [1, 2]));
    const { rows, failed } = diffExports(before, after);
    expect(rows[0]!.passes).toMatchObject({ oldPassed: 8, newPassed: 0, lost: 8, gained: 0, regressed: true });
    expect(rows[0]!.passes!.p).toBeCloseTo(2 * 0.5 ** 8, 12);
    expect(failed).toBe(true);
    expect(describeRow(rows[0]!)[0]).toBe(
      'REGRESSED  ollama:a math/plain @default: tasks passed (majority of repeats) 8/8 → 0/8 (8 lost, 0 gained; McNemar exact p = 0.0078)',
    );
  });

  it('an added row does not fail; a vanished one does unless allowed', () => {
    const a = exportOf([[1, 1]], 'ollama:a');
    const b = exportOf([[1, 1]], 'ollama:b');
    const both = { rankings: [...a.rankings, ...b.rankings], tasks: [...a.tasks, ...b.tasks] };
    expect(diffExports(a, both).failed).toBe(false);
    expect(diffExports(both, a).failed).toBe(true);
    expect(diffExports(both, a, DEFAULT_THRESHOLDS, true).failed).toBe(false);
    expect(diffExports(both, a).rows.map((row) => row.status)).toEqual(['compared', 'vanished']);
  });

  it('joules per passed task rises when the pass rate falls at the same energy', () => {
    // 20 tasks, energy unchanged; pass rate 1 → 0.5 on every task: energy per pass doubles.
    const before = exportOf(Array.from({ length: 20 }, () => [4, 4]));
    const after = exportOf(Array.from({ length: 20 }, () => [2, 4]));
    const energy = diffExports(before, after).rows[0]!.metrics.find((m) => m.metric === 'joules_per_pass')!;
    expect(energy.ratio).toBeCloseTo(2, 12);
    expect(energy.regressed).toBe(true);
  });

  it('never flags a metric on fewer than 5 paired tasks, and is deterministic', () => {
    const before = exportOf([
      [1, 1],
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    const after = exportOf(
      [
        [1, 1],
        [1, 1],
        [1, 1],
        [1, 1],
      ],
      'ollama:a',
      { mean_output_tokens: 300 },
    );
    const first = diffExports(before, after);
    const tokens = first.rows[0]!.metrics.find((m) => m.metric === 'output_tokens')!;
    expect(tokens).toMatchObject({ tasks: 4, ratio: 3, regressed: false });
    expect(JSON.stringify(diffExports(before, after))).toBe(JSON.stringify(first));
  });
});
