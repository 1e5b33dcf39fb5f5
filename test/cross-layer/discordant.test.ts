import { beforeAll, describe, expect, it } from 'vitest';
import { printModelSpec } from '../../core/model-spec.ts';
import { runExport } from '../../exporter/export.ts';
import { ComparisonsSchema, IndexSchema, RunsShardSchema, type Comparisons } from '../../schema/surfaces/index.ts';
import type { RunRecord } from '../../schema/run-record.ts';
import { runPowerLevel } from '../../ui/logic/filters.ts';
import { pairTaskRuns } from '../../ui/logic/task-pair.ts';
import { FIXTURES, memoryEffects, outputJson, readFixtureFolder } from '../exporter/memory-effects.ts';

/**
 * The site's side-by-side pairs a task from the run shards (ui/logic/task-pair.ts); the verdict
 * page lists the exporter's discordant tasks (comparisons.json). For every comparison of the
 * fixtures, the site's pairing of every task must put it in the same cell of the 2×2 the
 * exporter counted, so a task listed as lost always opens as lost.
 */
const exports = new Map<string, { comparisons: Comparisons; runs: RunRecord[] }>();

beforeAll(async () => {
  for (const name of ['paired', 'hand']) {
    const effects = memoryEffects(readFixtureFolder(`${FIXTURES}${name}`, 'ledgers'));
    await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: false }, effects);
    const index = IndexSchema.parse(outputJson(effects, 'index.json'));
    const runs = index.run_shards.flatMap((shard) => RunsShardSchema.parse(outputJson(effects, shard.path)).rows);
    exports.set(name, { comparisons: ComparisonsSchema.parse(outputJson(effects, 'comparisons.json')), runs });
  }
}, 60_000);

describe.each(['paired', 'hand'])('the site pairs each task as the exporter did: %s', (name) => {
  it('every task falls in the 2×2 cell comparisons.json counted, and the lists name the discordant ones', () => {
    const { comparisons, runs } = exports.get(name)!;
    expect(comparisons.rows.length).toBeGreaterThan(0);
    for (const row of comparisons.rows) {
      const label = `${row.original}@${row.original_power_level} → ${row.candidate}@${row.candidate_power_level} ${row.experiment}/${row.arm}`;
      const side = (model: string, level: string) =>
        runs.filter((run) => run.experiment === row.experiment && run.arm === row.arm && printModelSpec(run.model) === model && runPowerLevel(run) === level);
      const original = side(row.original, row.original_power_level);
      const candidate = side(row.candidate, row.candidate_power_level);
      const tasks = [...new Set([...original, ...candidate].map((run) => run.task.id))];
      const cells = { both_pass: 0, original_only: 0, candidate_only: 0, both_fail: 0 };
      const lost: string[] = [];
      const won: string[] = [];
      for (const task of tasks) {
        const pairing = pairTaskRuns(
          original.filter((run) => run.task.id === task),
          candidate.filter((run) => run.task.id === task),
        );
        if (pairing.pairs.length === 0) continue;
        if (pairing.originalPassed && pairing.candidatePassed) cells.both_pass++;
        else if (pairing.originalPassed) {
          cells.original_only++;
          lost.push(task);
        } else if (pairing.candidatePassed) {
          cells.candidate_only++;
          won.push(task);
        } else cells.both_fail++;
      }
      expect(cells, label).toEqual({
        both_pass: row.both_pass,
        original_only: row.original_only,
        candidate_only: row.candidate_only,
        both_fail: row.both_fail,
      });
      expect(new Set(lost), label).toEqual(new Set(row.discordant.lost));
      expect(new Set(won), label).toEqual(new Set(row.discordant.won));
    }
  });
});
