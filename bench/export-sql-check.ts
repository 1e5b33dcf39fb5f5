/**
 * The generated DuckDB pre-check against zod: `npx tsx bench/export-sql-check.ts [--records 200000]`.
 *
 * Writes the export benches' synthetic ledger (bench/export-ledger.ts) and measures in one process:
 * (a) bare DuckDB `read_json` + GROUP BY of it (bench/export.ts's floor); (b) DuckDB reading every
 * line and evaluating the predicate generated from the zod schema (schema/run-record-sql.ts);
 * (c) what that predicate would save the loader: JSON.parse + zod safeParse of every line in
 * JavaScript, one thread. The predicate is worth wiring into the loader only if (b) costs less than
 * the zod share of (c), since JSON.parse stays (canonical text and the `runs` row need the record).
 */
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { RunRecordSchema } from '../schema/run-record.ts';
import { runRecordCheckSql } from '../schema/run-record-sql.ts';
import { bareLoad, writeLedger } from './export-ledger.ts';

const { values } = parseArgs({ options: { records: { type: 'string', default: '200000' } } });
const records = Number(values.records);
if (!Number.isInteger(records) || records <= 0) throw new Error('--records must be a positive integer');

async function timed<T>(work: () => Promise<T> | T): Promise<{ wall: number; cpu: number; value: T }> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { wall: Number(process.hrtime.bigint() - start) / 1e9, cpu: (used.user + used.system) / 1e6, value };
}

const show = (label: string, t: { wall: number; cpu: number }) => `${label}: ${t.wall.toFixed(2)} s wall, ${t.cpu.toFixed(2)} s CPU`;

const temp = await mkdtemp(join(tmpdir(), 'ledgerbench-bench-sql-check-'));
try {
  await mkdir(join(temp, 'ledgers'));
  const ledger = join(temp, 'ledgers', 'bench.jsonl');
  await writeLedger(ledger, 0, records);
  const bare = await timed(() => bareLoad(ledger));
  console.log(show('bare DuckDB read_json + GROUP BY', bare));

  const sql = await timed(async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`CREATE MACRO run_record_certain(line) AS (${runRecordCheckSql()})`);
    const reader = await connection.runAndReadAll(
      `SELECT count(*)::INTEGER AS lines, count_if(run_record_certain(json::VARCHAR))::INTEGER AS certain FROM read_ndjson_objects('${ledger}')`,
    );
    const [row] = reader.getRowObjects();
    connection.closeSync();
    instance.closeSync();
    return row as { lines: number; certain: number };
  });
  console.log(`${show('DuckDB: every line through the generated predicate', sql)} (${sql.value.certain} of ${sql.value.lines} certain)`);

  // Blocks of lines (a 1M-record ledger is more than one string can hold), each parsed, then zod-checked.
  const parse = { wall: 0, cpu: 0 };
  const zod = { wall: 0, cpu: 0, value: 0 };
  let block: string[] = [];
  const judge = async () => {
    const parsed = await timed(() => block.map((line) => JSON.parse(line) as unknown));
    const checked = await timed(() => parsed.value.filter((value) => RunRecordSchema.safeParse(value).success).length);
    parse.wall += parsed.wall;
    parse.cpu += parsed.cpu;
    zod.wall += checked.wall;
    zod.cpu += checked.cpu;
    zod.value += checked.value;
    block = [];
  };
  for await (const line of createInterface({ input: createReadStream(ledger), crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line !== '') block.push(line);
    if (block.length === 10_000) await judge();
  }
  await judge();
  console.log(`${show('JavaScript: JSON.parse', parse)}; ${show('zod safeParse', zod)} (${zod.value} valid)`);
  console.log(
    `predicate ÷ zod: ${(sql.wall / zod.wall).toFixed(2)} wall, ${(sql.cpu / zod.cpu).toFixed(2)} CPU; predicate ÷ bare: ${(sql.cpu / bare.cpu).toFixed(1)} CPU`,
  );
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await rm(temp, { recursive: true, force: true });
}
