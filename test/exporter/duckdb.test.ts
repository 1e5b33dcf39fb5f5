import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitMemory, loadSql, openDatabase, type Database } from '../../exporter/duckdb.ts';
import { toCsv } from '../../exporter/ledgers/csv.ts';
import { RUN_COLUMNS, flattenRecord } from '../../exporter/ledgers/flatten.ts';
import { makeRunRecord } from '../fixtures/make-run-record.ts';

let db: Database;
beforeAll(async () => {
  db = await openDatabase();
});
afterAll(() => db.close());

describe('exporter/duckdb.ts', () => {
  it('the runs table DDL and RUN_COLUMNS agree, name for name and type for type', async () => {
    const described = await db.query('DESCRIBE runs');
    expect(described.map((row) => [row.column_name, String(row.column_type).toLowerCase()])).toEqual(RUN_COLUMNS.map(([name, kind]) => [name, kind]));
  });

  it('appends flattened records and reads them back as plain JSON values', async () => {
    const record = makeRunRecord({ run_id: 'duck-0001', energy: { method: 'none', joules: null, valid: false, reason: 'no gpu' } });
    // The loader appends the record-store position (byte_offset, byte_length) to the flattened fields.
    await db.appendCsv(toCsv([[...flattenRecord(record, { ledgerIndex: 0, line: 1 }), 5_000_000_000, 10]]));
    const [row] = await db.query(`SELECT run_id, byte_offset, joules, energy_valid, count(*) OVER () AS n, [1, 2]::BIGINT[] AS list FROM runs`);
    // The first query loads the rows; nothing appended later may be lost either (next test).
    expect(row).toEqual({ run_id: 'duck-0001', byte_offset: 5_000_000_000, joules: null, energy_valid: false, n: 1, list: [1, 2] });
  });

  it('strings survive the CSV load whatever they hold', async () => {
    const tricky = ['a,b', 'say "hi"', 'two\nlines', '', '\\N', 'çé × 🙂'];
    await db.appendCsv(
      toCsv(
        tricky.map((reason, i) => [
          ...flattenRecord(makeRunRecord({ run_id: `tricky-${i}-0000`, energy: { method: 'none', joules: null, valid: false, reason } }), {
            ledgerIndex: 0,
            line: i + 2,
          }),
          0,
          1,
        ]),
      ),
    );
    const rows = await db.query(`SELECT energy_reason FROM runs WHERE run_id LIKE 'tricky-%' ORDER BY line`);
    expect(rows.map((row) => row.energy_reason)).toEqual(tricky);
  });

  it('NaN and infinities leave as null', async () => {
    const [row] = await db.query(`SELECT 'NaN'::DOUBLE AS a, 'inf'::DOUBLE AS b, 1.5::DECIMAL(10, 2) AS c`);
    expect(row).toEqual({ a: null, b: null, c: 1.5 });
  });

  it('streams large results in chunks', async () => {
    let rows = 0;
    let chunks = 0;
    let sum = 0;
    for await (const chunk of db.streamColumns('SELECT range AS i FROM range(5000) ORDER BY i')) {
      expect(chunk.columns.i).toHaveLength(chunk.rows);
      for (const value of chunk.columns.i!) sum += value as number;
      rows += chunk.rows;
      chunks += 1;
    }
    expect(rows).toBe(5000);
    // BIGINT values arrive as plain numbers.
    expect(sum).toBe((4999 * 5000) / 2);
    expect(chunks).toBeGreaterThan(1);
  });

  it('limitMemory caps DuckDB at what it holds plus the headroom, and the release lifts the cap', async () => {
    const setting = async () => (await db.query("SELECT current_setting('memory_limit') AS value"))[0]!.value;
    const before = await setting();
    const [held] = await db.query(loadSql('duckdb_memory_used'));
    const release = await limitMemory(db, 64 << 20);
    try {
      // DuckDB prints the cap in binary units, one decimal.
      expect(await setting()).toBe(`${((Number(held!.used) + (64 << 20)) / 2 ** 20).toFixed(1)} MiB`);
    } finally {
      await release();
    }
    expect(await setting()).toBe(before);
  });

  it('loadSql splices included files', () => {
    expect(loadSql('model_rankings')).toContain('AS not_answered');
    expect(loadSql('model_rankings')).not.toContain('@include');
  });
});
