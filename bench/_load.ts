import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { openDatabase } from '../exporter/duckdb.ts';
import { loadLedgers } from '../exporter/ledgers/load.ts';
import { diskLedgerSource } from '../exporter/ledgers/disk.ts';
import { openRecordStore } from '../exporter/ledgers/record-store.ts';
import { writeLedger } from './export-ledger.ts';
const n = Number(process.argv[2] ?? 200000);
const temp = await mkdtemp(join(tmpdir(), 'lb-scratch-'));
mkdirSync(join(temp, 'ledgers'));
await writeLedger(join(temp, 'ledgers', 'b.jsonl'), 0, n);
for (const threads of (process.argv[3] ?? '2,0').split(',').map(Number)) {
  const db = await openDatabase(join(temp));
  const store = openRecordStore(temp);
  const cpu = process.cpuUsage();
  const t = performance.now();
  await loadLedgers(join(temp, 'ledgers'), diskLedgerSource(), db, { store, threads });
  const t1 = performance.now();
  await db.query('SELECT count(*) FROM runs');
  const u = process.cpuUsage(cpu);
  console.log(`threads ${threads}: judge+take ${((t1 - t) / 1000).toFixed(2)} s, with DuckDB CSV load ${((performance.now() - t) / 1000).toFixed(2)} s wall, ${((u.user + u.system) / 1e6).toFixed(2)} s CPU`);
  store.close();
  await db.close();
}
