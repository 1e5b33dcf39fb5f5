import { describe, expect, it } from 'vitest';
import { runExport } from '../../exporter/export.ts';
import { RunRecordSchema, type RunRecord } from '../../schema/run-record.ts';
import { makeRunRecord } from '../fixtures/make-run-record.ts';
import { memoryEffects, outputJson } from './memory-effects.ts';

const TASKS = 12;

/** qwen3:8b as the runner writes it; qwen3:4b as a record imported from elsewhere that did not keep its parameters or wall time. */
function records(): { old: RunRecord[]; imported: unknown[] } {
  const old: RunRecord[] = [];
  const imported: unknown[] = [];
  for (let i = 0; i < TASKS; i++) {
    const task = { id: `t${String(i).padStart(2, '0')}`, family: 'math', hash: `hash-${i}` };
    const passed = i % 4 !== 0;
    old.push(makeRunRecord({ run_id: `runner-run-${i}`, model: { name: 'qwen3:8b', backend: 'ollama' }, task, evaluation: { passed, score: passed ? 1 : 0 } }));
    const record = makeRunRecord({
      run_id: `imported-run-${i}`,
      model: { name: 'qwen3:4b', backend: 'ollama' },
      task,
      evaluation: { passed: i % 3 !== 0, score: i % 3 !== 0 ? 1 : 0 },
    });
    // Written as JSON text, the way another tool's ledger would carry them.
    imported.push({ ...record, params: { temperature: null, seed: null, max_tokens: null }, timing: { wall_ms: null } });
  }
  return { old, imported };
}

describe('records that say "not recorded"', () => {
  it('validate beside the records the runner writes', () => {
    const { old, imported } = records();
    for (const record of old) expect(RunRecordSchema.safeParse(JSON.parse(JSON.stringify(record))).success).toBe(true);
    for (const record of imported) {
      const parsed = RunRecordSchema.parse(record);
      expect(parsed.params.temperature).toBeNull();
      expect(parsed.timing.wall_ms).toBeNull();
    }
  });

  it('export, and the comparison skips the wall-time delta with its reason instead of reporting [0, 0]', async () => {
    const { old, imported } = records();
    const text = (rows: readonly unknown[]) => rows.map((row) => `${JSON.stringify(row)}\n`).join('');
    const effects = memoryEffects(
      new Map([
        ['ledgers/runner.jsonl', text(old)],
        ['ledgers/imported.jsonl', text(imported)],
      ]),
    );
    const { exitCode } = await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: true }, effects);
    expect(exitCode).toBe(0);
    expect(outputJson(effects, 'index.json').counts).toMatchObject({ accepted: 2 * TASKS, rejected: 0 });
    const models = outputJson(effects, 'model_rankings.json').rows.map((row: { model: string }) => row.model);
    expect(models).toEqual(expect.arrayContaining(['qwen3:8b', 'qwen3:4b']));

    const comparisons = outputJson(effects, 'comparisons.json').rows;
    const row = comparisons.find((r: { original: string; candidate: string }) => r.original === 'qwen3:8b' && r.candidate === 'qwen3:4b');
    expect(row.pairs).toBe(TASKS);
    expect(row.wall_ms_delta).toBeNull();
    expect(row.deltas_not_recorded).toEqual([
      { delta: 'cost_delta_usd', reason: 'not recorded: no paired run on either side has a cost' },
      { delta: 'wall_ms_delta', reason: 'not recorded: no paired run of the candidate has a wall time' },
    ]);
    expect(row.energy_delta_j).toEqual({ mean: 0, ci: { low: 0, high: 0 } });

    // The run shards keep the nulls: the site shows them as not recorded.
    const shardPaths = outputJson(effects, 'index.json').run_shards.map((shard: { path: string }) => shard.path);
    const runs = shardPaths.flatMap((path: string) => outputJson(effects, path).rows) as RunRecord[];
    const kept = runs.find((run) => run.run_id === 'imported-run-0')!;
    expect(kept.timing.wall_ms).toBeNull();
    expect(kept.params.seed).toBeNull();
  });
});
