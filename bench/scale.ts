/**
 * Scale benchmark: `npx tsx bench/scale.ts [--hosts 50] [--runs 20000] [--threads N] [--keep]`.
 *
 * Writes one shard ledger per host (`ledgers/host-NN/shard.jsonl`, `--runs` valid, simulated-flagged
 * records each, every host its own hostname and one of two GPU models), then measures in one
 * process: (a) the baseline, bare DuckDB `read_json` of every shard with explicit columns plus one
 * GROUP BY by host and GPU; (b) the full export of all shards (validation, DuckDB, every surface,
 * run shards, runs.parquet, index). Prints times, export ÷ bare, peak RSS, and the per-record costs
 * docs/scale.md extrapolates from: ledger bytes, export CPU and wall time, runs.parquet bytes and
 * run-shard bytes per record. Checks that every host and GPU is in runs.parquet.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { runExport } from '../exporter/export.ts';
import { diskLedgerSource } from '../exporter/ledgers/disk.ts';
import { createDiskOutput } from '../exporter/write.ts';
import { RUN_SCHEMA, type RunRecord } from '../schema/run-record.ts';

const { values } = parseArgs({
  options: {
    hosts: { type: 'string', default: '50' },
    runs: { type: 'string', default: '20000' },
    threads: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const hosts = Number(values.hosts);
const runsPerHost = Number(values.runs);
if (!(Number.isInteger(hosts) && hosts > 0 && Number.isInteger(runsPerHost) && runsPerHost > 0)) {
  throw new Error('--hosts and --runs must be positive integers, e.g. --hosts 5 --runs 2000');
}

const MODELS = ['alpha:7b', 'beta:3b', 'gamma:14b', 'delta:1b'];
const GPUS = ['Simulated GPU A 24GB', 'Simulated GPU B 80GB'];
const LEVELS = [
  { request: '100', applied_w: 300 },
  { request: '60', applied_w: 180 },
];
const TASKS = 500;
const TEXT = 'The answer follows from the reasoning above; each step is checked against the reference. ';

/** Run `i` of host `h`: deterministic, so two runs of the bench read the same ledgers. */
function record(h: number, i: number): RunRecord {
  const model = MODELS[i % MODELS.length]!;
  const task = Math.floor(i / MODELS.length) % TASKS;
  const level = LEVELS[Math.floor(i / (MODELS.length * TASKS)) % LEVELS.length]!;
  const repeat = Math.floor(i / (MODELS.length * TASKS * LEVELS.length));
  const draw = ((h * 7919 + i * 104729) % 1000) / 1000;
  const passed = draw < 0.35 + 0.1 * (i % MODELS.length);
  const output = 60 + ((i * 37) % 300);
  const generation = output * 12;
  return {
    schema: RUN_SCHEMA,
    run_id: `h${String(h).padStart(3, '0')}-${i.toString(16).padStart(7, '0')}`,
    sweep_id: `scale-sweep-${h}`,
    recorded_at: '2026-12-01T12:00:00.000Z',
    simulated: true,
    model: { name: model, backend: 'sim' },
    host: {
      hostname: `host-${String(h).padStart(3, '0')}`,
      gpu: { index: 0, name: GPUS[h % GPUS.length]!, uuid: `GPU-${h}`, driver: 'sim', memory_mb: 24576 },
    },
    experiment: task < TASKS / 2 ? 'scale-math' : 'scale-code',
    task: { id: `task-${String(task).padStart(3, '0')}`, family: task % 2 === 0 ? 'math' : 'code', hash: `hash-${task}` },
    arm: 'plain',
    repeat: repeat + h * 1000,
    params: { temperature: 0, seed: 7, max_tokens: 1024 },
    request: { prompt: `Task ${task}: compute the value and answer with one number.` },
    power_limit: { request: level.request, mode: 'percent', requested_w: level.applied_w, applied_w: level.applied_w, simulated: true },
    response: { text: TEXT.repeat(2 + (i % 3)), done_reason: 'stop' },
    tokens: { prompt: 40, output, source: 'estimate' },
    timing: { wall_ms: generation + 50, generation_ms: generation, ttft_ms: 45 },
    energy: { method: 'simulated', joules: generation * 0.2, valid: true, reason: null },
    evaluation: { evaluator: 'numeric@1', score: passed ? 1 : 0, passed },
    failure: passed ? null : { stage: 'semantic', class: 'wrong_answer', message: 'mismatch' },
    cost: { usd: null, basis: null },
    tool: { name: 'ledgerbench-bench', version: '0' },
  };
}

async function writeShard(path: string, h: number): Promise<void> {
  const out = createWriteStream(path);
  for (let start = 0; start < runsPerHost; start += 5_000) {
    let text = '';
    for (let i = start; i < Math.min(runsPerHost, start + 5_000); i++) text += `${JSON.stringify(record(h, i))}\n`;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

// The baseline opens DuckDB itself on purpose: it must not share the exporter's code path.
async function bareLoad(glob: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const columns = `{run_id: 'VARCHAR', experiment: 'VARCHAR', model: 'STRUCT(name VARCHAR)',
    host: 'STRUCT(hostname VARCHAR, gpu STRUCT(name VARCHAR))', power_limit: 'STRUCT(request VARCHAR)',
    energy: 'STRUCT(joules DOUBLE, valid BOOLEAN)', evaluation: 'STRUCT(passed BOOLEAN)'}`;
  await connection.run(`CREATE TABLE runs AS SELECT * FROM read_json('${glob}', format = 'newline_delimited', columns = ${columns})`);
  const reader = await connection.runAndReadAll(
    `SELECT host.hostname, host.gpu.name, model.name, experiment, power_limit.request, count(*) AS n,
       count_if(evaluation.passed) AS passed, sum(energy.joules) FILTER (WHERE energy.valid) AS joules FROM runs GROUP BY ALL`,
  );
  const groups = reader.getRowObjects().length;
  connection.closeSync();
  instance.closeSync();
  return groups;
}

/** Distinct hosts and GPUs in the written runs.parquet, read back by DuckDB. */
async function parquetHosts(path: string): Promise<{ rows: number; hosts: number; gpus: number }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(
    `SELECT count(*)::INTEGER AS rows, count(DISTINCT hostname)::INTEGER AS hosts, count(DISTINCT gpu)::INTEGER AS gpus FROM read_parquet('${path}')`,
  );
  const [row] = reader.getRowObjects() as { rows: number; hosts: number; gpus: number }[];
  connection.closeSync();
  instance.closeSync();
  return row!;
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

const temp = await mkdtemp(join(tmpdir(), 'ledgerbench-scale-'));
try {
  const total = hosts * runsPerHost;
  let start = process.hrtime.bigint();
  let ledgerBytes = 0;
  for (let h = 0; h < hosts; h++) {
    const folder = join(temp, 'ledgers', `host-${String(h).padStart(3, '0')}`);
    await mkdir(folder, { recursive: true });
    await writeShard(join(folder, 'shard.jsonl'), h);
    ledgerBytes += (await stat(join(folder, 'shard.jsonl'))).size;
  }
  console.log(`generated ${hosts} hosts × ${runsPerHost} runs = ${total} records (${mb(ledgerBytes)}) in ${seconds(start).toFixed(1)} s`);

  const glob = join(temp, 'ledgers', '**', '*.jsonl');
  start = process.hrtime.bigint();
  let cpu = process.cpuUsage();
  const groups = await bareLoad(glob);
  const bare = seconds(start);
  const bareCpu = cpuSeconds(cpu);
  console.log(`baseline, bare DuckDB read_json + GROUP BY host, GPU, model: ${bare.toFixed(2)} s wall, ${bareCpu.toFixed(2)} s CPU (${groups} groups)`);

  start = process.hrtime.bigint();
  cpu = process.cpuUsage();
  const out = join(temp, 'data');
  const result = await runExport(
    { ledgers: glob, out, strict: true, threads: values.threads === undefined ? undefined : Number(values.threads) },
    { ...diskLedgerSource(), ...createDiskOutput(out), log: () => {} },
  );
  const full = seconds(start);
  const fullCpu = cpuSeconds(cpu);
  const peak = process.resourceUsage().maxRSS / 1024;
  const parquet = result.files.find((file) => file.path === 'runs.parquet')!;
  const shardBytes = result.files.filter((file) => file.surface === 'runs').reduce((sum, file) => sum + file.bytes, 0);
  const largest = [...result.files].sort((a, b) => b.bytes - a.bytes)[0]!;
  const seen = await parquetHosts(join(out, 'runs.parquet'));
  const index = JSON.parse(await readFile(join(out, 'index.json'), 'utf8')) as { counts: { accepted: number } };
  console.log(`full export: ${full.toFixed(2)} s wall, ${fullCpu.toFixed(2)} s CPU, exit ${result.exitCode}, ${index.counts.accepted} accepted`);
  console.log(`ratio export / baseline: ${(full / bare).toFixed(2)} wall, ${(fullCpu / bareCpu).toFixed(2)} CPU`);
  console.log(`peak RSS: ${peak.toFixed(0)} MB`);
  console.log(
    `per record: ledger ${(ledgerBytes / total).toFixed(0)} B, export ${((full / total) * 1e6).toFixed(1)} µs wall / ${((fullCpu / total) * 1e6).toFixed(1)} µs CPU, ` +
      `runs.parquet ${(parquet.bytes / total).toFixed(1)} B, run shards ${(shardBytes / total).toFixed(0)} B`,
  );
  console.log(
    `runs.parquet: ${mb(parquet.bytes)}, ${seen.rows} rows, ${seen.hosts} hosts, ${seen.gpus} GPU models (expected ${total}, ${hosts}, ${Math.min(hosts, GPUS.length)})`,
  );
  console.log(`files: ${result.files.length + 1}, largest ${largest.path} ${mb(largest.bytes)}; run shards ${mb(shardBytes)}`);
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} cores`,
  );
  if (seen.rows !== total || seen.hosts !== hosts) process.exitCode = 1;
} finally {
  if (!values.keep) await rm(temp, { recursive: true, force: true });
  else console.log(`kept ${temp}`);
}
