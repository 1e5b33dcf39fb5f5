import { describe, expect, it } from 'vitest';
import { resultCsv, rowsCsv, toCell } from '../../../ui/sql/csv.ts';
import { sqlTables } from '../../../ui/sql/tables.ts';
import { IndexSchema } from '../../../schema/surfaces/index.ts';

describe('SQL view: cells and CSV', () => {
  it('quotes fields with commas, quotes and line breaks (RFC 4180), writes null as an empty field', () => {
    const csv = resultCsv({
      columns: ['a', 'b'],
      rows: [
        ['x,y', 'say "hi"'],
        ['line\nbreak', null],
        [1.5, true],
      ],
    });
    expect(csv).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n1.5,true\r\n');
  });

  it('keeps BIGINT exact: a number while safe, text past 2^53', () => {
    expect(toCell(42n)).toBe(42);
    expect(toCell(2n ** 60n)).toBe('1152921504606846976');
    expect(toCell({ low: 1n, high: [2] })).toBe('{"low":"1","high":[2]}');
  });

  it('flattens nested rows into parent.child columns, in first-seen order, lists as JSON', () => {
    expect(
      rowsCsv([
        { a: 1, ci: { low: 0.1, high: 0.9 } },
        { a: 2, list: [1, 2] },
      ]),
    ).toBe('a,ci.low,ci.high,list\r\n1,0.1,0.9,\r\n2,,,"[1,2]"\r\n');
  });

  it('offers runs plus every top-level JSON surface the manifest lists, never an unlisted file', () => {
    const file = (path: string, surface: string) => ({ path, surface, rows: 1, bytes: 1, sha256: '0'.repeat(64) });
    const index = IndexSchema.parse({
      surface: 'index',
      schema_version: 1,
      generated_from: { ledger_files: 1, records: 1, simulated_records: 0, ledgers_sha256: '0'.repeat(64) },
      files: [file('runs.parquet', 'runs_parquet'), file('model_rankings.json', 'model_rankings'), file('runs/runs-0001.json', 'runs')],
      ledgers: [],
      counts: { accepted: 1, rejected: 0, duplicates: 0, simulated: 0 },
      run_shards: [{ path: 'runs/runs-0001.json', rows: 1, tasks: ['a/t'] }],
    });
    expect(sqlTables(index)).toEqual([
      { name: 'model_rankings', file: 'model_rankings.json', kind: 'surface', rows: 1, bytes: 1 },
      { name: 'runs', file: 'runs.parquet', kind: 'runs', rows: 1, bytes: 1 },
    ]);
  });
});
