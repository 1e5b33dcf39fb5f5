/**
 * Export benchmark: `npx tsx bench/export.ts [--records 100000] [--keep]`.
 *
 * `--threads N` sets the validation worker threads (default one per core; 0 validates on the main thread).
 *
 * `--phases` prints when each phase of the export ended (load, each surface, run shards,
 * runs.parquet, index), wall seconds since the export started, and the RSS then; timed from the
 * outside (each surface's builder wrapped, each written file noticed), so the export is unchanged.
 *
 * `--core` exports only the exporter's own surfaces (no comparisons, dual_scoring, pass_at_k), to
 * tell their cost apart.
 *
 * Writes N synthetic (simulated-flagged) valid records into a temp ledger, then measures in one
 * process: (a) bare DuckDB — `read_json` of that file with explicit columns plus one GROUP BY, the
 * floor for "load the ledger into DuckDB"; (b) the full export (validation, DuckDB, every surface,
 * run shards, index). Prints both times, export ÷ bare, peak RSS and the largest output file.
 * Targets at 1M records (issue 13): ratio ≤ 3, peak RSS < 1.5 GB, no file over 50 MB.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runExport } from '../exporter/export.ts';
import { diskLedgerSource } from '../exporter/ledgers/disk.ts';
import { createDiskOutput } from '../exporter/write.ts';
import { SURFACES } from '../exporter/surfaces/registry.ts';
import { phaseClock } from './phase-clock.ts';
import { bareLoad, writeLedger } from './export-ledger.ts';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    keep: { type: 'boolean', default: false },
    core: { type: 'boolean', default: false },
    threads: { type: 'string' },
    phases: { type: 'boolean', default: false },
  },
});
const records = Number(values.records);
if (!Number.isInteger(records) || records <= 0) throw new Error('--records must be a positive integer');

const STATISTICS_SURFACES = new Set(['comparisons', 'dual_scoring', 'pass_at_k']);
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
// CPU seconds of every thread (DuckDB's included): a fairer number than wall time on a shared machine.
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
const temp = await mkdtemp(join(tmpdir(), 'ledgerbench-bench-'));
try {
  const ledger = join(temp, 'ledgers', 'bench.jsonl');
  await import('node:fs/promises').then((fs) => fs.mkdir(join(temp, 'ledgers')));
  let start = process.hrtime.bigint();
  await writeLedger(ledger, 0, records);
  const ledgerBytes = (await stat(ledger)).size;
  console.log(`generated ${records} records (${(ledgerBytes / 1e6).toFixed(1)} MB) in ${seconds(start).toFixed(1)} s`);

  start = process.hrtime.bigint();
  let cpu = process.cpuUsage();
  const groups = await bareLoad(ledger);
  const bare = seconds(start);
  const bareCpu = cpuSeconds(cpu);
  const rssAfterBare = process.resourceUsage().maxRSS / 1024;
  console.log(
    `bare DuckDB read_json + GROUP BY: ${bare.toFixed(2)} s wall, ${bareCpu.toFixed(2)} s CPU (${groups} groups; peak RSS so far ${rssAfterBare.toFixed(0)} MB)`,
  );

  start = process.hrtime.bigint();
  cpu = process.cpuUsage();
  const out = join(temp, 'data');
  const phases = phaseClock(start);
  const chosen = values.core ? SURFACES.filter((surface) => !STATISTICS_SURFACES.has(surface.name)) : SURFACES;
  const output = createDiskOutput(out);
  const result = await runExport(
    { ledgers: join(temp, 'ledgers', '**', '*.jsonl'), out, strict: true, threads: values.threads === undefined ? undefined : Number(values.threads) },
    { ...diskLedgerSource(), ...phases.output(output), log: () => {} },
    phases.surfaces(chosen),
  );
  const full = seconds(start);
  if (values.phases) phases.print();
  const fullCpu = cpuSeconds(cpu);
  const peak = process.resourceUsage().maxRSS / 1024;
  const largest = [...result.files].sort((a, b) => b.bytes - a.bytes)[0]!;
  const shards = result.files.filter((file) => file.surface === 'runs').length;
  console.log(
    `full export: ${full.toFixed(2)} s wall, ${fullCpu.toFixed(2)} s CPU (${result.files.length + 1} files, ${shards} run shards, exit ${result.exitCode})`,
  );
  console.log(`ratio export / bare: ${(full / bare).toFixed(2)} wall, ${(fullCpu / bareCpu).toFixed(2)} CPU`);
  console.log(
    `load average at the end: ${(await import('node:os'))
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${(await import('node:os')).cpus().length} cores`,
  );
  console.log(`peak RSS: ${peak.toFixed(0)} MB`);
  console.log(`largest file: ${largest.path} ${(largest.bytes / 1e6).toFixed(2)} MB`);
  const bySurface = result.files.filter((file) => file.surface !== 'runs').map((f) => `${f.path} ${(f.bytes / 1e6).toFixed(2)} MB`);
  console.log(`surfaces: ${bySurface.join(', ')}`);
} finally {
  if (!values.keep) await rm(temp, { recursive: true, force: true });
  else console.log(`kept ${temp}`);
}
