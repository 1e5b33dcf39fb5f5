/**
 * Incremental export benchmark: `npx tsx bench/export-incremental.ts [--records 100000] [--append 1000] [--verify]`.
 *
 * Writes N synthetic records (bench/export-ledger.ts) into a temp ledger and measures in one
 * process: (a) bare DuckDB `read_json` + GROUP BY of it; (b) a cold export (`--no-cache`); (c) the
 * same export filling the export cache; then appends a sweep of `--append` records and measures
 * (d) the rebuild with the cache, which judges only the appended lines. Prints each time and the
 * ratios rebuild ÷ cold and cold ÷ bare. `--verify` also runs a cold export of the appended ledger
 * and checks that the rebuild wrote the same bytes. `--phases` prints the rebuild's phases as `bench/export.ts
 * --phases` does. Target: rebuild ≤ 0.1 × cold at 1M records + 1,000.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { runExport } from '../exporter/export.ts';
import { diskLedgerSource } from '../exporter/ledgers/disk.ts';
import { createDiskOutput } from '../exporter/write.ts';
import { SURFACES } from '../exporter/surfaces/registry.ts';
import { bareLoad, writeLedger } from './export-ledger.ts';
import { phaseClock } from './phase-clock.ts';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    append: { type: 'string', default: '1000' },
    threads: { type: 'string' },
    verify: { type: 'boolean', default: false },
    phases: { type: 'boolean', default: false },
  },
});
const records = Number(values.records);
const appended = Number(values.append);
if (!Number.isInteger(records) || records <= 0 || !Number.isInteger(appended) || appended <= 0)
  throw new Error('--records and --append must be positive integers');
const threads = values.threads === undefined ? undefined : Number(values.threads);

interface Timed {
  wall: number;
  cpu: number;
}

async function timed(work: () => Promise<unknown>): Promise<Timed> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpu);
  return { wall: Number(process.hrtime.bigint() - start) / 1e9, cpu: (used.user + used.system) / 1e6 };
}

const show = (label: string, t: Timed) => console.log(`${label}: ${t.wall.toFixed(2)} s wall, ${t.cpu.toFixed(2)} s CPU`);
const ratio = (a: Timed, b: Timed) => `${(a.wall / b.wall).toFixed(3)} wall, ${(a.cpu / b.cpu).toFixed(3)} CPU`;

const temp = await mkdtemp(join(tmpdir(), 'ledgerbench-bench-incremental-'));
try {
  const ledgers = join(temp, 'ledgers');
  await mkdir(ledgers);
  const ledger = join(ledgers, 'history.jsonl');
  const cache = join(temp, 'cache');
  await writeLedger(ledger, 0, records);
  let lines: string[] = [];
  const exportTo = async (out: string, withCache: boolean, phases?: ReturnType<typeof phaseClock>) => {
    lines = [];
    const output = createDiskOutput(join(temp, out));
    const effects = { ...diskLedgerSource(), ...(phases?.output(output) ?? output), log: (line: string) => lines.push(line) };
    const surfaces = phases?.surfaces(SURFACES) ?? SURFACES;
    const result = await runExport(
      { ledgers: `${ledgers}/**/*.jsonl`, out, strict: true, ...(threads === undefined ? {} : { threads }), ...(withCache ? { cache } : {}) },
      effects,
      surfaces,
    );
    if (result.exitCode !== 0) throw new Error(`export exited ${result.exitCode}`);
  };

  const bare = await timed(() => bareLoad(ledger));
  show(`bare DuckDB read_json + GROUP BY (${records} records)`, bare);
  const cold = await timed(() => exportTo('data-cold', false));
  show('cold export (--no-cache)', cold);
  const filling = await timed(() => exportTo('data-fill', true));
  show('cold export filling the cache', filling);

  await writeLedger(ledger, records, appended);
  const phases = values.phases ? phaseClock(process.hrtime.bigint()) : undefined;
  const rebuild = await timed(() => exportTo('data-rebuild', true, phases));
  show(`rebuild after appending ${appended} records`, rebuild);
  phases?.print();
  console.log(`  ${lines.at(-1)}`);
  const outputs = readdirSync(join(temp, 'data-rebuild'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  const largest = outputs.map((e) => ({ name: e.name, bytes: statSync(join(e.parentPath, e.name)).size })).sort((a, b) => b.bytes - a.bytes)[0]!;
  console.log(`largest output file: ${largest.name} ${(largest.bytes / 1e6).toFixed(2)} MB (${outputs.length} files)`);
  const cacheBytes = readdirSync(cache).reduce((sum, name) => sum + statSync(join(cache, name)).size, 0);
  console.log(`cache folder: ${(cacheBytes / 1e6).toFixed(1)} MB for a ${(statSync(ledger).size / 1e6).toFixed(1)} MB ledger`);
  console.log(`ratio rebuild / cold: ${ratio(rebuild, cold)}`);
  console.log(`ratio filling / cold: ${ratio(filling, cold)}`);
  console.log(`ratio cold / bare: ${ratio(cold, bare)}`);

  if (values.verify) {
    const after = await timed(() => exportTo('data-after', false));
    show('cold export of the appended ledger', after);
    const files = (dir: string) => readdirSync(join(temp, dir), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    const a = files('data-rebuild');
    const same =
      a.length === files('data-after').length &&
      a.every((entry) => {
        const rel = join(entry.parentPath, entry.name).slice(join(temp, 'data-rebuild').length);
        return readFileSync(join(temp, 'data-rebuild', rel)).equals(readFileSync(join(temp, 'data-after', rel)));
      });
    console.log(`rebuild output equals the cold export's, byte for byte: ${same} (${a.length} files)`);
    if (!same) process.exitCode = 1;
  }
  console.log(
    `peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await rm(temp, { recursive: true, force: true });
}
