/**
 * Pairs files benchmark: `npx tsx bench/comparison-pairs.ts [--records 100000]`.
 *
 * Writes N synthetic records (bench/export-ledger.ts), every other one moved to a second sweep,
 * and in one process: exports them without and with comparison_pairs (the ratio is what the pairs
 * files add to an export), reports their size, and times the site's recomputation of
 * comparisons.json (ui/logic/sweep-paired.ts: read, validate, decode, plan, pair, decide) over
 * both sweeps and over one, in Node (no fetch), checking the all-sweeps rows against the export's.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runExport } from '../exporter/export.ts';
import { diskLedgerSource } from '../exporter/ledgers/disk.ts';
import { createDiskOutput, toJson } from '../exporter/write.ts';
import { SURFACES } from '../exporter/surfaces/registry.ts';
import { writeLedger } from './export-ledger.ts';
import { decodePairRuns } from '../core/paired/pair-runs.ts';
import { ComparisonPairsSchema, ComparisonPairsShardSchema, ComparisonsSchema } from '../schema/surfaces/index.ts';
import { comparisonsForSweeps } from '../ui/logic/sweep-paired.ts';

const { values } = parseArgs({ options: { records: { type: 'string', default: '100000' } } });
const records = Number(values.records);
if (!Number.isInteger(records) || records <= 0) throw new Error('--records must be a positive integer');
const temp = await mkdtemp(join(tmpdir(), 'pairs-bench-'));
try {
  const ledger = join(temp, 'ledgers', 'bench.jsonl');
  await mkdir(join(temp, 'ledgers'));
  await writeLedger(ledger, 0, records);
  const lines = (await readFile(ledger, 'utf8')).split('\n');
  await writeFile(ledger, lines.map((l, i) => (i % 2 === 1 ? l.replace('"sweep_id":"bench-sweep"', '"sweep_id":"bench-sweep-b"') : l)).join('\n'));
  const run = async (surfaces: typeof SURFACES, out: string) => {
    const t = process.hrtime.bigint();
    const result = await runExport(
      { ledgers: join(temp, 'ledgers', '**', '*.jsonl'), out, strict: true },
      { ...diskLedgerSource(), ...createDiskOutput(out), log: () => {} },
      surfaces,
    );
    return { s: Number(process.hrtime.bigint() - t) / 1e9, result };
  };
  const without = await run(
    SURFACES.filter((s) => s.name !== 'comparison_pairs'),
    join(temp, 'data0'),
  );
  const withPairs = await run(SURFACES, join(temp, 'data'));
  const pairsFiles = withPairs.result.files.filter((f) => f.path.startsWith('comparison_pairs'));
  const bytes = pairsFiles.reduce((s, f) => s + f.bytes, 0);
  const largest = Math.max(...pairsFiles.map((f) => f.bytes));
  console.log(
    `records ${records}; export without pairs ${without.s.toFixed(2)} s, with ${withPairs.s.toFixed(2)} s (ratio ${(withPairs.s / without.s).toFixed(3)})`,
  );
  console.log(
    `pairs files ${pairsFiles.length}, ${(bytes / 1e6).toFixed(2)} MB total, ${(bytes / records).toFixed(0)} B/run, largest ${(largest / 1e6).toFixed(2)} MB`,
  );
  const data = join(temp, 'data');
  const pairs = ComparisonPairsSchema.parse(JSON.parse(await readFile(join(data, 'comparison_pairs.json'), 'utf8')));
  const load = async (p: string) => decodePairRuns(ComparisonPairsShardSchema.parse(JSON.parse(await readFile(join(data, p), 'utf8'))));
  let t = process.hrtime.bigint();
  const all = await comparisonsForSweeps(pairs, ['bench-sweep', 'bench-sweep-b'], load);
  const allS = Number(process.hrtime.bigint() - t) / 1e9;
  const exported = ComparisonsSchema.parse(JSON.parse(await readFile(join(data, 'comparisons.json'), 'utf8')));
  const raw = JSON.parse(await readFile(join(data, 'comparisons.json'), 'utf8')) as { rows: unknown[] };
  if (toJson(all.rows) !== JSON.stringify(raw.rows)) throw new Error('the all-sweeps recomputation differs from comparisons.json');
  t = process.hrtime.bigint();
  const one = await comparisonsForSweeps(pairs, ['bench-sweep'], load);
  const oneS = Number(process.hrtime.bigint() - t) / 1e9;
  console.log(
    `recompute (read+validate+decode+pair, node): all sweeps ${allS.toFixed(2)} s (${all.rows.length} rows, equal to comparisons.json's ${exported.rows.length}), one sweep ${oneS.toFixed(2)} s (${one.rows.length} rows)`,
  );
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await rm(temp, { recursive: true, force: true });
}
