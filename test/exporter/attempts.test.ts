import { describe, expect, it } from 'vitest';
import { runExport } from '../../exporter/export.ts';
import { VerificationSchema } from '../../schema/surfaces/index.ts';
import { makeRunRecord } from '../fixtures/make-run-record.ts';
import { memoryEffects, outputJson, type MemoryEffects } from './memory-effects.ts';

const OPTIONS = { ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: false };

/** A transport failure (attempt n) or a passed run, for run_id `id`. */
function attempt(id: string, n: number | undefined, passed: boolean, task = 't1'): string {
  const failure = passed ? null : { stage: 'transport' as const, class: 'connection_refused', message: 'ECONNREFUSED' };
  const record = makeRunRecord({
    run_id: id,
    task: { id: task, family: 'math', hash: `hash-${task}` },
    evaluation: { evaluator: 'numeric@1', score: passed ? 1 : 0, passed },
    failure,
    ...(n === undefined ? {} : { attempt: n }),
  });
  return JSON.stringify(record);
}

// The same records, two ledgers: first tries (and a run never retried) in a, retries in b.
const FIRST = [attempt('run-a-0001', undefined, false), attempt('run-b-0001', 0, false, 't2'), attempt('run-c-0001', undefined, true, 't3')];
const RETRY = [attempt('run-a-0001', 1, true), attempt('run-b-0001', 2, true, 't2'), attempt('run-b-0001', 1, false, 't2')];

async function exportOf(files: Record<string, string[]>): Promise<MemoryEffects> {
  const effects = memoryEffects(new Map(Object.entries(files).map(([path, lines]) => [path, `${lines.join('\n')}\n`])));
  expect((await runExport(OPTIONS, effects)).exitCode).toBe(0);
  return effects;
}

// Every file but the three that name ledger lines (runs.parquet keeps each run's ledger and line), with the ledgers' own hash (which must differ) masked.
const bytesOf = (effects: MemoryEffects) =>
  [...effects.output]
    .filter(([path]) => path !== 'verification.json' && path !== 'index.json' && path !== 'runs.parquet')
    .map(([path, data]) => [
      path,
      Buffer.from(data)
        .toString()
        .replaceAll(/"ledgers_sha256":"[0-9a-f]{64}"/g, '"ledgers_sha256":"…"'),
    ]);

describe('superseded attempts', () => {
  it('the highest attempt of a run_id stands; earlier ones are listed as superseded, not duplicates, and counted nowhere else', async () => {
    const effects = await exportOf({ 'ledgers/a.jsonl': FIRST, 'ledgers/b.jsonl': RETRY });
    const verification = VerificationSchema.parse(outputJson(effects, 'verification.json'));
    expect(verification.summary).toMatchObject({ accepted: 3, rejected: 0, duplicates: 0, superseded: 3 });
    expect(verification.superseded).toEqual([
      { file: 'a.jsonl', line: 1, run_id: 'run-a-0001', attempt: 0, by_file: 'b.jsonl', by_line: 1, by_attempt: 1 },
      { file: 'a.jsonl', line: 2, run_id: 'run-b-0001', attempt: 0, by_file: 'b.jsonl', by_line: 2, by_attempt: 2 },
      { file: 'b.jsonl', line: 3, run_id: 'run-b-0001', attempt: 1, by_file: 'b.jsonl', by_line: 2, by_attempt: 2 },
    ]);
    const [row] = outputJson(effects, 'model_rankings.json').rows;
    expect([row.runs, row.passed]).toEqual([3, 3]);
    const shard = outputJson(effects, 'runs/runs-0001.json');
    expect(shard.rows.map((r: { run_id: string; attempt?: number }) => [r.run_id, r.attempt ?? 0])).toEqual([
      ['run-a-0001', 1],
      ['run-b-0001', 2],
      ['run-c-0001', 0],
    ]);
    expect(outputJson(effects, 'index.json').counts).toMatchObject({ accepted: 3, rejected: 0, duplicates: 0 });
    // What each ledger produced counts only its standing records: a.jsonl's first tries were replaced by b.jsonl's.
    const produced = outputJson(effects, 'index.json').ledgers.map((l: { path: string; produced: { records: number; run_shards: unknown[] } }) => [
      l.path,
      l.produced.records,
      l.produced.run_shards,
    ]);
    expect(produced).toEqual([
      ['a.jsonl', 1, [{ path: 'runs/runs-0001.json', rows: 1 }]],
      ['b.jsonl', 2, [{ path: 'runs/runs-0001.json', rows: 2 }]],
    ]);
    expect(effects.lines.at(-1)).toContain('0 rejected, 0 duplicates, 3 superseded');
  });

  it('gives the same surfaces whatever order the ledgers and lines come in', async () => {
    const one = await exportOf({ 'ledgers/a.jsonl': FIRST, 'ledgers/b.jsonl': RETRY });
    const swapped = await exportOf({ 'ledgers/a.jsonl': [...RETRY].reverse(), 'ledgers/b.jsonl': [...FIRST].reverse() });
    const mixed = await exportOf({ 'ledgers/a.jsonl': [RETRY[1]!, FIRST[0]!, RETRY[2]!], 'ledgers/b.jsonl': [FIRST[2]!, RETRY[0]!, FIRST[1]!] });
    expect(bytesOf(swapped)).toEqual(bytesOf(one));
    expect(bytesOf(mixed)).toEqual(bytesOf(one));
    for (const effects of [swapped, mixed]) {
      const verification = VerificationSchema.parse(outputJson(effects, 'verification.json'));
      expect(verification.summary).toMatchObject({ accepted: 3, duplicates: 0, superseded: 3 });
      // Listed in (file, line) order, each pointing at the record that stands.
      const listed = verification.superseded.map((s) => `${s.file}:${s.line}`);
      expect(listed).toEqual([...listed].sort());
      expect(new Set(verification.superseded.map((s) => `${s.run_id}@${s.by_attempt}`))).toEqual(new Set(['run-a-0001@1', 'run-b-0001@2']));
    }
  });

  it('two records with the same run_id and attempt are still duplicates: the first wins', async () => {
    const again = attempt('run-a-0001', 1, false);
    const effects = await exportOf({ 'ledgers/a.jsonl': FIRST, 'ledgers/b.jsonl': [RETRY[0]!, again, FIRST[2]!] });
    const verification = VerificationSchema.parse(outputJson(effects, 'verification.json'));
    expect(verification.summary).toMatchObject({ accepted: 3, duplicates: 2, superseded: 1 });
    expect(verification.rows.map((r) => [r.file, r.line, r.kind, r.reason])).toEqual([
      ['b.jsonl', 2, 'duplicate_run_id', 'run_id run-a-0001 attempt 1 already accepted at b.jsonl:1'],
      ['b.jsonl', 3, 'duplicate_run_id', 'run_id run-c-0001 already accepted at a.jsonl:3'],
    ]);
    const [row] = outputJson(effects, 'model_rankings.json').rows;
    expect([row.runs, row.passed]).toEqual([3, 2]);
  });
});
