import { describe, expect, it } from 'vitest';
import { runExport } from '../../exporter/export.ts';
import { makeRunRecord } from '../fixtures/make-run-record.ts';
import { FIXTURES, memoryEffects, readFixtureFolder } from './memory-effects.ts';

/** Exports the same ledgers on this thread and on two worker threads (from the first byte). */
async function bothWays(files: Map<string, Uint8Array>) {
  const inline = memoryEffects(files, 4096);
  const threaded = memoryEffects(files, 4096);
  const a = await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: false, threads: 0 }, inline);
  const b = await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: false, threads: 2, minWorkerBytes: 0 }, threaded);
  return { inline, threaded, a, b };
}

function expectSameOutput(inline: ReturnType<typeof memoryEffects>, threaded: ReturnType<typeof memoryEffects>) {
  expect([...threaded.output.keys()]).toEqual([...inline.output.keys()]);
  for (const [path, bytes] of inline.output) expect(Buffer.from(threaded.output.get(path)!).equals(Buffer.from(bytes)), path).toBe(true);
  expect(threaded.lines).toEqual(inline.lines);
}

describe('export on worker threads', () => {
  it.each(['hand', 'bad', 'paired', 'e2e'])(
    'writes byte-identical files for the %s fixture',
    async (fixture) => {
      const { inline, threaded, a, b } = await bothWays(readFixtureFolder(`${FIXTURES}${fixture}`, 'ledgers'));
      expect(inline.output.size).toBeGreaterThan(5);
      expectSameOutput(inline, threaded);
      expect(b.exitCode).toBe(a.exitCode);
    },
    120_000,
  );

  it('keeps the first occurrence of a run_id across batches and files, and every rejection in order', async () => {
    // ~5 MB over two files, so both are cut into several batches spread over both threads.
    const line = (i: number) =>
      JSON.stringify(makeRunRecord({ run_id: `run-${String(i).padStart(6, '0')}`, repeat: i % 5, arm: i % 2 ? 'plain' : 'contract' }));
    const first: string[] = [];
    for (let i = 0; i < 3000; i++) {
      first.push(line(i));
      // A duplicate of a run ~1000 lines back (another batch), a broken line now and then: line 9 is
      // the first broken one, line 502 the first duplicate.
      if (i % 500 === 499) first.push(line(i - 1000 < 0 ? 0 : i - 1000));
      if (i % 700 === 7) first.push('{"schema": "ledgerbench.run/1", broken');
    }
    const second = Array.from({ length: 2000 }, (_, i) => line(2000 + i * 2));
    const files = new Map([
      ['ledgers/a.jsonl', new Uint8Array(Buffer.from(`${first.join('\n')}\n`))],
      ['ledgers/b.jsonl', new Uint8Array(Buffer.from(`${second.join('\n')}\n{"torn`))],
    ]);
    const { inline, threaded, a, b } = await bothWays(files);
    expectSameOutput(inline, threaded);
    expect(b.loaded.accepted).toBe(3000 + 1500);
    // b.jsonl repeats run-002000 … run-002998 (500 ids) from a.jsonl.
    expect(b.loaded.duplicates).toBe(6 + 500);
    expect(b.loaded.rejected).toEqual(a.loaded.rejected);
    expect(b.loaded.rejected.find((r) => r.kind === 'duplicate_run_id')).toMatchObject({ file: 'a.jsonl', line: 502 });
    expect(b.loaded.rejected.at(-1)).toMatchObject({ file: 'b.jsonl', line: 2001, kind: 'json' });
  }, 120_000);
});
