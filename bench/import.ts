/**
 * Import benchmark: `npx tsx bench/import.ts [--lines 50000]`.
 *
 * Writes a Jarri runs file of N lines (the fixture's first line, task and time varied), then times
 * `ledgerbench import --from jarri` on it against a baseline in the same process: reading the
 * ledger it wrote and validating every record with the ledger schema (what the exporter does to
 * each line). Prints both, their ratio, and the peak resident memory of the import.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { main } from '../runner/commands/import.ts';
import { scoreWithOurEvaluator } from '../runner/import/rescore.ts';
import { RunRecordSchema } from '../schema/run-record.ts';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '50000' } } });
const n = Number(values.lines);
const folder = mkdtempSync(path.join(tmpdir(), 'lb-bench-import-'));
const template = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../test/fixtures/import/jarri/llm_benchmark_runs.jsonl'), 'utf8').split('\n')[0]!);
const start = Date.parse(template.timestamp_utc);
const source = path.join(folder, 'llm_benchmark_runs.jsonl');
const lines: string[] = [];
for (let i = 0; i < n; i++) {
  lines.push(
    JSON.stringify({ ...template, task_id: `task_${i % 500}`, run_index: Math.floor(i / 500), timestamp_utc: new Date(start + i * 1000).toISOString() }),
  );
}
writeFileSync(source, `${lines.join('\n')}\n`);
const out = path.join(folder, 'ledgers', 'jarri.jsonl');

let t = performance.now();
await main(['--from', 'jarri', source, '--out', out], { out: () => {}, score: scoreWithOurEvaluator });
const importMs = performance.now() - t;
// Peak resident memory over the import (maxRSS is in KiB): what the import needs at its largest.
const peakMb = process.resourceUsage().maxRSS / 1024;

t = performance.now();
let valid = 0;
for (const line of readFileSync(out, 'utf8').split('\n')) if (line !== '' && RunRecordSchema.safeParse(JSON.parse(line)).success) valid++;
const baselineMs = performance.now() - t;

console.log(`lines ${n}  records ${valid}`);
console.log(`import        ${importMs.toFixed(0)} ms  (${((n / importMs) * 1000).toFixed(0)} lines/s)`);
console.log(`baseline      ${baselineMs.toFixed(0)} ms  (read + JSON.parse + RunRecordSchema of the written ledger)`);
console.log(`ratio         ${(importMs / baselineMs).toFixed(2)}× the baseline`);
console.log(`peak RSS      ${peakMb.toFixed(0)} MB (source file ${(lines.join('\n').length / 2 ** 20).toFixed(0)} MB)`);
