/**
 * The export benches' synthetic ledger: simulated-flagged, valid records (~1.5 KB each; 8 models ×
 * 200 tasks × 2 arms × 3 power levels, repeats fill the rest), the same bytes on every run.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { RUN_SCHEMA, type RunRecord } from '../schema/run-record.ts';

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

/** Appends records `from` … `from + count − 1` to the ledger at `path` (creating it). */
export async function writeLedger(path: string, from: number, count: number): Promise<void> {
  const out = createWriteStream(path, { flags: 'a' });
  const end = from + count;
  for (let start = from; start < end; start += 10_000) {
    let text = '';
    for (let i = start; i < Math.min(end, start + 10_000); i++) text += `${JSON.stringify(syntheticRecord(i))}\n`;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * The baseline: bare DuckDB `read_json` of the ledger with explicit columns plus one GROUP BY. It
 * opens DuckDB itself on purpose: it must not share the exporter's code path.
 */
export async function bareLoad(path: string): Promise<number> {
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
