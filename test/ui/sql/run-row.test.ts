import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_COLUMNS, flattenRecord } from '../../../exporter/ledgers/flatten.ts';
import { RunRecordSchema } from '../../../schema/run-record.ts';
import { runRow } from '../../../ui/sql/run-row.ts';
import { FIXTURES } from '../../exporter/memory-effects.ts';

// The site's `runs` (built from shards) and the exporter's `runs` table / runs.parquet must agree column for column.
describe("the SQL view's run row", () => {
  it('has the value the exporter flattens for every runs column, on every fixture record', () => {
    const lines = ['hand/sweep-a.jsonl', 'hand/sweep-b.jsonl', 'e2e/e2e.jsonl'].flatMap((file) =>
      readFileSync(join(FIXTURES, file), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    );
    expect(lines.length).toBeGreaterThan(200);
    const internal = new Set(['ledger_index', 'line', 'byte_offset', 'byte_length']);
    for (const line of lines) {
      const record = RunRecordSchema.parse(JSON.parse(line));
      const flat = flattenRecord(record, { ledgerIndex: 0, line: 1 });
      const row = runRow(record);
      const { ledger, line: _line, ...rest } = row;
      const byName = new Map(RUN_COLUMNS.map(([name], index) => [name as string, flat[index]]));
      // Every column the view has is a runs column with the same value (runs may have more, not in runs.parquet).
      expect(Object.keys(rest).filter((name) => !byName.has(name) || internal.has(name))).toEqual([]);
      expect(rest).toEqual(Object.fromEntries(Object.keys(rest).map((name) => [name, byName.get(name)])));
      expect(ledger).toBeNull();
    }
  });
});
