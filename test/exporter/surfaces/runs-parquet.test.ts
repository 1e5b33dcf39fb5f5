import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../exporter/duckdb.ts';
import { runExport } from '../../../exporter/export.ts';
import { RUN_COLUMNS } from '../../../exporter/ledgers/flatten.ts';
import type { LoadedLedgers } from '../../../exporter/ledgers/load.ts';
import { buildRunsParquet } from '../../../exporter/surfaces/runs-parquet.ts';
import { sha256Hex } from '../../../lib/hash.ts';
import { IndexSchema } from '../../../schema/surfaces/index.ts';
import { FIXTURES, memoryEffects, outputJson, readFixtureFolder } from '../memory-effects.ts';

const temp = mkdtempSync(join(tmpdir(), 'ledgerbench-parquet-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function exportCase(name: string) {
  const effects = memoryEffects(readFixtureFolder(join(FIXTURES, name), 'ledgers'));
  await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: false }, effects);
  const parquet = effects.output.get('runs.parquet');
  if (parquet === undefined) throw new Error('the export wrote no runs.parquet');
  return { effects, parquet };
}

/** The file as DuckDB reads it back from disk. */
async function readBack(parquet: Uint8Array, sql: string) {
  const path = join(temp, `${sha256Hex(parquet)}.parquet`);
  writeFileSync(path, parquet);
  const db = await openDatabase();
  try {
    return await db.query(sql.replaceAll('FILE', `'${path}'`));
  } finally {
    await db.close();
  }
}

describe('runs.parquet', () => {
  it('two exports of the same ledgers write the same bytes, and index.json lists the file with its sha256 and rows', async () => {
    const first = await exportCase('hand');
    const second = await exportCase('hand');
    expect(sha256Hex(second.parquet)).toBe(sha256Hex(first.parquet));
    const index = IndexSchema.parse(outputJson(first.effects, 'index.json'));
    const entry = index.files.find((file) => file.path === 'runs.parquet');
    expect(entry).toMatchObject({ surface: 'runs_parquet', rows: index.counts.accepted, bytes: first.parquet.byteLength, sha256: sha256Hex(first.parquet) });
  });

  it('holds every accepted run once, in run_id order, with host, GPU and source ledger', async () => {
    const { effects, parquet } = await exportCase('bad');
    const index = IndexSchema.parse(outputJson(effects, 'index.json'));
    const rows = await readBack(parquet, 'SELECT run_id, hostname, gpu, ledger, line, passed FROM read_parquet(FILE)');
    expect(rows.length).toBe(index.counts.accepted);
    expect(index.counts.rejected).toBeGreaterThan(0);
    const ids = rows.map((row) => String(row.run_id));
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    const ledgers = new Set(index.ledgers.map((ledger) => ledger.path));
    for (const row of rows) {
      expect(typeof row.hostname).toBe('string');
      expect(ledgers.has(String(row.ledger))).toBe(true);
      expect(Number(row.line)).toBeGreaterThan(0);
    }
  });

  it('is zstd-compressed, with the documented columns and types', async () => {
    const { parquet } = await exportCase('hand');
    const codecs = await readBack(parquet, 'SELECT DISTINCT compression FROM parquet_metadata(FILE)');
    expect(codecs.map((row) => row.compression)).toEqual(['ZSTD']);
    const columns = await readBack(parquet, 'SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(FILE))');
    const types = Object.fromEntries(columns.map((row) => [row.column_name, row.column_type]));
    expect(types).toMatchObject({
      run_id: 'VARCHAR',
      passed: 'BOOLEAN',
      joules: 'DOUBLE',
      repeat: 'INTEGER',
      hostname: 'VARCHAR',
      gpu: 'VARCHAR',
      ledger: 'VARCHAR',
    });
    expect(Object.keys(types)).not.toContain('byte_offset');
  });

  it("gives the same bytes whatever DuckDB's thread count, over several row groups, and leaves DuckDB's memory limit as it was", async () => {
    // 250,000 runs in shuffled order: three row groups, written in parallel where DuckDB can.
    const value = (name: string, kind: string) => {
      if (name === 'run_id') return "'run-' || lpad(((i * 7919) % 250000)::VARCHAR, 7, '0')";
      if (name === 'ledger_index') return '(i % 3)::INTEGER';
      if (name === 'line') return '(i + 1)::INTEGER';
      if (kind === 'boolean') return 'i % 2 = 0';
      if (kind === 'double') return '(i * 0.37)::DOUBLE';
      return kind === 'varchar' ? "'h-' || (i % 50)::VARCHAR" : '(i % 1000)::INTEGER';
    };
    const select = RUN_COLUMNS.map(([name, kind]) => `${value(name, kind)} AS "${name}"`).join(', ');
    const hashes: string[] = [];
    for (const threads of [1, 4]) {
      const db = await openDatabase();
      try {
        await db.run(`SET threads = ${threads}`);
        await db.run(`INSERT INTO runs SELECT ${select} FROM range(250000) t(i)`);
        const loaded = { files: [0, 1, 2].map((n) => ({ path: `host-${n}.jsonl` })), accepted: 250000 } as LoadedLedgers;
        const limit = "SELECT current_setting('memory_limit') AS value";
        const before = await db.query(limit);
        const { data } = await buildRunsParquet({ db, loaded, generatedFrom: {} as never, options: {} }, temp);
        hashes.push(sha256Hex(data));
        // The COPY runs under a cap of its own; the surfaces after it must not inherit it.
        expect(await db.query(limit)).toEqual(before);
        const groups = await readBack(data, 'SELECT count(DISTINCT row_group_id)::INTEGER AS n FROM parquet_metadata(FILE)');
        expect(groups[0]!.n).toBe(3);
      } finally {
        await db.close();
      }
    }
    expect(hashes[1]).toBe(hashes[0]);
  });
});
