import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../exporter/duckdb.ts';
import { runExport } from '../../../exporter/export.ts';
import { openParquetFile, parquetCsv } from '../../../ui/sql/parquet-table.ts';
import { typedCsvInsertSql, typedTableSql } from '../../../ui/sql/tables.ts';
import { FIXTURES, memoryEffects, readFixtureFolder } from '../../exporter/memory-effects.ts';

const temp = mkdtempSync(join(tmpdir(), 'ledgerbench-hyparquet-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const bufferOf = (bytes: Uint8Array) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/**
 * The page's path for a Parquet file (hyparquet → CSV → the CSV reader with the file's types, in
 * batches of `batchRows`), done with the real DuckDB, against DuckDB's own Parquet reader on the
 * same file: same column names and types, and no row in one table that is not in the other
 * (EXCEPT ALL both ways).
 */
async function pagePathAgainstDuckdb(file: string, batchRows: number) {
  const parquet = openParquetFile(bufferOf(readFileSync(file)));
  const db = await openDatabase();
  try {
    await db.run(typedTableSql('page', parquet.columns));
    let batches = 0;
    for (let start = 0; start < parquet.rowCount; start += batchRows, batches += 1) {
      const csv = join(temp, `batch-${batches}.csv`);
      writeFileSync(csv, parquetCsv(parquet.columns, await parquet.rows(start, Math.min(start + batchRows, parquet.rowCount))));
      await db.run(typedCsvInsertSql('page', csv, parquet.columns));
    }
    await db.run(`CREATE TABLE direct AS SELECT * FROM read_parquet('${file}')`);
    const describe = async (name: string) =>
      (await db.query(`DESCRIBE "${name}"`)).map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
    const differing = await db.query('SELECT count(*) AS n FROM ((FROM page EXCEPT ALL FROM direct) UNION ALL (FROM direct EXCEPT ALL FROM page))');
    const [count] = await db.query('SELECT count(*) AS n FROM page');
    return {
      parquet,
      batches,
      pageColumns: await describe('page'),
      directColumns: await describe('direct'),
      differing: Number(differing[0]?.n),
      rows: Number(count?.n),
    };
  } finally {
    await db.close();
  }
}

describe('runs.parquet read in the page (hyparquet)', () => {
  it("gives the exporter's runs.parquet with its own column types and every value, as DuckDB reads the file", async () => {
    const effects = memoryEffects(readFixtureFolder(join(FIXTURES, 'hand'), 'ledgers'));
    await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: false }, effects);
    const parquet = effects.output.get('runs.parquet');
    if (parquet === undefined) throw new Error('the export wrote no runs.parquet');
    const file = join(temp, 'runs.parquet');
    writeFileSync(file, parquet);
    const result = await pagePathAgainstDuckdb(file, 5);
    expect(result.parquet.columns).toEqual(result.directColumns);
    expect(result.pageColumns).toEqual(result.directColumns);
    expect(new Set(result.directColumns.map((column) => column.type))).toEqual(new Set(['VARCHAR', 'BOOLEAN', 'INTEGER', 'DOUBLE']));
    expect(result.rows).toBeGreaterThan(10);
    expect(result.rows).toBe(result.parquet.rowCount);
    expect(result.batches).toBe(Math.ceil(result.rows / 5));
    expect(result.differing).toBe(0);
  });

  it('keeps BIGINT, TIMESTAMP and DATE typed, an empty string apart from null, and quotes, commas and newlines in text', async () => {
    const file = join(temp, 'kinds.parquet');
    const db = await openDatabase();
    try {
      await db.run(`COPY (
        SELECT * FROM (VALUES
          (9007199254740993::BIGINT, TIMESTAMP '2026-01-02 03:04:05.123456', DATE '2026-01-02', '', true, 1.5::DOUBLE, 2.25::FLOAT),
          (-1::BIGINT, NULL, NULL, NULL, NULL, NULL, NULL),
          (0::BIGINT, TIMESTAMP '1999-12-31 23:59:59', DATE '1999-12-31', 'say "hi", then
go', false, -0.1::DOUBLE, 0::FLOAT)
        ) AS t(big, ts, day, text, flag, x, f)
      ) TO '${file}' (FORMAT parquet, COMPRESSION zstd)`);
    } finally {
      await db.close();
    }
    const result = await pagePathAgainstDuckdb(file, 100_000);
    expect(result.pageColumns).toEqual([
      { name: 'big', type: 'BIGINT' },
      { name: 'ts', type: 'TIMESTAMP' },
      { name: 'day', type: 'DATE' },
      { name: 'text', type: 'VARCHAR' },
      { name: 'flag', type: 'BOOLEAN' },
      { name: 'x', type: 'DOUBLE' },
      { name: 'f', type: 'FLOAT' },
    ]);
    expect(result.pageColumns).toEqual(result.directColumns);
    expect(result.rows).toBe(3);
    expect(result.differing).toBe(0);
  });
});
