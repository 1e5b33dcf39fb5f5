/**
 * Export benchmark: `npx tsx bench/export.ts [--records 100000] [--keep]`.
 *
 * `--threads N` sets the validation worker threads (default one per core; 0 validates on the main thread).
 *
 * `--core` exports only the exporter's own surfaces (no comparisons, dual_scoring, pass_at_k), to
 * tell their cost apart.
 *
 * Writes N synthetic (simulated-flagged) valid records into a temp ledger, then measures in one
 * process: (a) bare DuckDB — `read_json` of that file with explicit columns plus one GROUP BY, the
 * floor for "load the ledger into DuckDB"; (b) the full export (validation, DuckDB, every surface,
 * run shards, index). Prints both times, export ÷ bare, peak RSS and the largest output file.
 * Targets at 1M records: ratio ≤ 2, peak RSS < 2 GB, no file over 50 MB.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { once } from 'node:events';
import { DuckDBInstance } from '@duckdb/node-api';
import { runExport } from '../exporter/export.ts';
import { diskLedgerSource } from '../exporter/ledgers/disk.ts';
import { createDiskOutput } from '../exporter/write.ts';
import { SURFACES } from '../exporter/surfaces/registry.ts';
import { RUN_SCHEMA, type RunRecord } from '../schema/run-record.ts';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    keep: { type: 'boolean', default: false },
    core: { type: 'boolean', default: false },
    threads: { type: 'string' },
  },
});
const records = Number(values.records);
if (!Number.isInteger(records) || records <= 0) throw new Error('--records must be a positive integer');

// Deterministic draws (mulberry32), so two runs of the bench read the same ledger.
let seed = 0x5eed;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const MODELS = ['alpha:7b', 'beta:3b', 'gamma:14b', 'delta:1b', 'eps:8b', 'zeta:32b', 'eta:4b', 'theta:70b'];
const TASKS = 200;
const ARMS = ['plain', 'contract'];
const LEVELS = [
  { request: '100', applied_w: 300 },
  { request: '70', applied_w: 210 },
  { request: '40', applied_w: 120 },
];
const FILLER = 'The answer follows from the reasoning above; each step is checked against the reference. ';

function syntheticRecord(i: number): RunRecord {
  const model = MODELS[i % MODELS.length]!;
  const task = Math.floor(i / MODELS.length) % TASKS;
  const arm = ARMS[Math.floor(i / (MODELS.length * TASKS)) % ARMS.length]!;
  const level = LEVELS[Math.floor(i / (MODELS.length * TASKS * ARMS.length)) % LEVELS.length]!;
  const repeat = Math.floor(i / (MODELS.length * TASKS * ARMS.length * LEVELS.length));
  const passed = random() < 0.3 + 0.06 * (i % MODELS.length);
  const output = 50 + Math.floor(random() * 400);
  const generation = output * (8 + random() * 20);
  const valid = random() > 0.1;
  return {
    schema: RUN_SCHEMA,
    run_id: `bench-${i.toString(16).padStart(8, '0')}`,
    sweep_id: 'bench-sweep',
    recorded_at: '2026-01-15T10:00:00.000Z',
    simulated: true,
    model: { name: model, backend: 'sim' },
    host: { hostname: 'bench', gpu: { index: 0, name: 'Simulated GPU', uuid: 'GPU-sim', driver: 'sim', memory_mb: 24576 } },
    experiment: task < 100 ? 'bench-math' : 'bench-code',
    task: { id: `task-${String(task).padStart(3, '0')}`, family: task % 2 === 0 ? 'math' : 'code', hash: `hash-${task}` },
    arm,
    repeat,
    params: { temperature: 0, seed: 7, max_tokens: 1024 },
    request: { prompt: `Task ${task}: compute the value and answer with one number.` },
    power_limit: { request: level.request, mode: 'percent', requested_w: level.applied_w, applied_w: level.applied_w, simulated: true },
    response: { text: FILLER.repeat(3 + (i % 3)), done_reason: 'stop' },
    tokens: { prompt: 40, output, source: 'estimate' },
    timing: { wall_ms: generation + 50, generation_ms: generation, ttft_ms: 40 + random() * 20 },
    energy: { method: 'simulated', joules: valid ? generation * 0.2 : null, valid, reason: valid ? null : 'simulated dropout' },
    evaluation: { evaluator: 'numeric@1', score: passed ? 1 : 0, passed },
    failure: passed ? null : { stage: random() < 0.2 ? 'parse' : 'semantic', class: 'wrong_answer', message: 'mismatch' },
    cost: { usd: null, basis: null },
    tool: { name: 'ledgerbench-bench', version: '0' },
  };
}

async function writeLedger(path: string): Promise<void> {
  const out = createWriteStream(path);
  for (let start = 0; start < records; start += 10_000) {
    let text = '';
    for (let i = start; i < Math.min(records, start + 10_000); i++) text += `${JSON.stringify(syntheticRecord(i))}\n`;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

// The baseline opens DuckDB itself on purpose: it must not share the exporter's code path.
async function bareLoad(path: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const columns = `{run_id: 'VARCHAR', experiment: 'VARCHAR', arm: 'VARCHAR', simulated: 'BOOLEAN',
    model: 'STRUCT(name VARCHAR, backend VARCHAR)', task: 'STRUCT(id VARCHAR, family VARCHAR, hash VARCHAR)',
    power_limit: 'STRUCT(request VARCHAR, applied_w DOUBLE)', tokens: 'STRUCT(prompt INTEGER, output INTEGER)',
    timing: 'STRUCT(wall_ms DOUBLE, generation_ms DOUBLE)', energy: 'STRUCT(joules DOUBLE, valid BOOLEAN)',
    evaluation: 'STRUCT(score DOUBLE, passed BOOLEAN)'}`;
  await connection.run(`CREATE TABLE runs AS SELECT * FROM read_json('${path}', format = 'newline_delimited', columns = ${columns})`);
  const reader = await connection.runAndReadAll(
    `SELECT model.name, experiment, arm, power_limit.request, count(*)::INTEGER AS n, count_if(evaluation.passed)::INTEGER AS passed,
       sum(energy.joules) FILTER (WHERE energy.valid) AS joules FROM runs GROUP BY ALL`,
  );
  const groups = reader.getRowObjects().length;
  connection.closeSync();
  instance.closeSync();
  return groups;
}

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
  await writeLedger(ledger);
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
  const result = await runExport(
    { ledgers: join(temp, 'ledgers', '**', '*.jsonl'), out, strict: true, threads: values.threads === undefined ? undefined : Number(values.threads) },
    { ...diskLedgerSource(), ...createDiskOutput(out), log: () => {} },
    values.core ? SURFACES.filter((surface) => !STATISTICS_SURFACES.has(surface.name)) : SURFACES,
  );
  const full = seconds(start);
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
