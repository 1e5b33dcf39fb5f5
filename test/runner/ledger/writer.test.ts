import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../lib/cli-error.ts';
import { RunRecordSchema, type RunRecord } from '../../../schema/run-record.ts';
import { createLedger, encodeRecord, reopenLedger } from '../../../runner/ledger/writer.ts';
import { scanLedger, scanLedgerText } from '../../../runner/ledger/reader.ts';
import { tempDir } from '../sweep/support.ts';

function sampleRecord(runId: string, sweepId = 'sweep-20260102T030405Z-beef'): RunRecord {
  return RunRecordSchema.parse({
    schema: 'ledgerbench.run/1',
    run_id: runId,
    sweep_id: sweepId,
    recorded_at: '2026-01-02T03:04:05.000Z',
    simulated: true,
    model: { name: 'small', backend: 'sim' },
    host: { hostname: 'h', gpu: null },
    experiment: 'm',
    task: { id: 't', family: 'f', hash: 'abc' },
    arm: 'plain',
    repeat: 0,
    sample: 0,
    params: { temperature: 0, seed: 1, max_tokens: 8 },
    power_limit: { request: null, mode: null, requested_w: null, applied_w: null },
    response: { text: 'Answer: 1\nwith "quotes" and ünïcode', done_reason: 'stop' },
    tokens: { prompt: 1, output: 1, source: 'server' },
    timing: { wall_ms: 1 },
    energy: { method: 'simulated', joules: 1, valid: true, reason: null },
    evaluation: { evaluator: 'numeric@1', score: 1, passed: true },
    failure: null,
    cost: { usd: null, basis: null },
    tool: { name: 'ledgerbench', version: '0.1.0' },
  });
}

describe('ledger writer', () => {
  it('writes one complete JSON line per record, appending only', () => {
    const path = join(tempDir(), 'sweep.jsonl');
    const writer = createLedger(path);
    writer.append(sampleRecord('run-0000001'));
    const afterOne = readFileSync(path, 'utf8');
    writer.append(sampleRecord('run-0000002'));
    writer.close();
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith(afterOne)).toBe(true);
    const lines = text.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((line) => RunRecordSchema.parse(JSON.parse(line)).run_id)).toEqual(['run-0000001', 'run-0000002']);
    // The embedded newline of the answer is escaped: it never splits a record over two lines.
    expect(lines).toHaveLength(3);
  });

  it('validates before writing: a bad record throws and leaves the file untouched', () => {
    const path = join(tempDir(), 'sweep.jsonl');
    const writer = createLedger(path);
    writer.append(sampleRecord('run-0000001'));
    const before = readFileSync(path);
    const bad = { ...sampleRecord('run-0000002'), evaluation: { evaluator: 'numeric@1', score: 1.5, passed: true } };
    expect(() => writer.append(bad)).toThrow(/evaluation\.score/);
    writer.close();
    expect(readFileSync(path)).toEqual(before);
    expect(() => encodeRecord({ ...sampleRecord('x-0000001'), schema: 'ledgerbench.run/2' as 'ledgerbench.run/1' })).toThrow(/schema/);
  });

  it('a line is in the file once append returns; close waits for the background sync', async () => {
    const path = join(tempDir(), 'sweep.jsonl');
    const writer = createLedger(path);
    for (let i = 1; i <= 20; i++) {
      writer.append(sampleRecord(`run-${String(i).padStart(7, '0')}`));
      // Whole lines only, each readable before any sync has finished.
      expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(i + 1);
    }
    await writer.close();
    await writer.close();
    expect(() => writer.append(sampleRecord('run-0000099'))).toThrow(/closed/);
    expect(scanLedger(path, 'sweep-20260102T030405Z-beef').runIds.size).toBe(20);
  });

  it('never overwrites an existing file', () => {
    const path = join(tempDir(), 'sweep.jsonl');
    writeFileSync(path, 'keep me\n');
    expect(() => createLedger(path)).toThrow(CliError);
    expect(readFileSync(path, 'utf8')).toBe('keep me\n');
  });

  it('on resume appends after a torn last line, starting a new line, keeping the fragment', () => {
    const path = join(tempDir(), 'sweep.jsonl');
    const first = encodeRecord(sampleRecord('run-0000001'));
    writeFileSync(path, first + first.slice(0, 40));
    const scan = scanLedger(path, 'sweep-20260102T030405Z-beef');
    expect(scan.torn).toEqual({ line: 2, bytes: 40, counted: false });
    const writer = reopenLedger(path, { endsMidLine: scan.torn !== null });
    writer.append(sampleRecord('run-0000002'));
    writer.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines[1]).toBe(first.slice(0, 40));
    expect(JSON.parse(lines[2]!).run_id).toBe('run-0000002');
    const rescan = scanLedger(path, 'sweep-20260102T030405Z-beef');
    expect([...rescan.runIds]).toEqual(['run-0000001', 'run-0000002']);
    expect(rescan.torn).toBeNull();
    expect(rescan.invalid).toEqual([{ line: 2, reason: 'not valid JSON' }]);
  });

  it('reopening a clean ledger adds nothing before the next record', () => {
    const path = join(tempDir(), 'sweep.jsonl');
    appendFileSync(path, encodeRecord(sampleRecord('run-0000001')));
    const size = statSync(path).size;
    reopenLedger(path, { endsMidLine: false }).close();
    expect(statSync(path).size).toBe(size);
  });
});

describe('ledger scan', () => {
  const sweep = 'sweep-20260102T030405Z-beef';
  const line = (id: string, sweepId = sweep) => encodeRecord(sampleRecord(id, sweepId));

  it('collects run ids, invalid lines, other sweeps and duplicates by line number', () => {
    const text = line('run-0000001') + '{"broken": \n' + line('run-0000009', 'sweep-other') + line('run-0000001') + '\n' + line('run-0000002');
    const scan = scanLedgerText(text, sweep);
    expect([...scan.runIds]).toEqual(['run-0000001', 'run-0000002']);
    expect(scan.lines).toBe(6);
    expect(scan.duplicates).toBe(1);
    expect(scan.torn).toBeNull();
    expect(scan.invalid.map((bad) => bad.line)).toEqual([2, 3, 5]);
    expect(scan.invalid[1]!.reason).toMatch(/another sweep/);
  });

  it('counts a torn tail that is a whole record missing only its newline', () => {
    const scan = scanLedgerText(line('run-0000001') + line('run-0000002').trimEnd(), sweep);
    expect(scan.torn).toMatchObject({ line: 2, counted: true });
    expect(scan.runIds.has('run-0000002')).toBe(true);
    expect(scan.lines).toBe(1);
  });

  it('keeps the highest attempt of each run as its standing record; only a repeated attempt is a duplicate', () => {
    const failed = { ...sampleRecord('run-0000001', sweep), failure: { stage: 'transport' as const, class: 'timeout', message: 'deadline' } };
    const retried = { ...sampleRecord('run-0000001', sweep), attempt: 1 };
    const text = encodeRecord(failed) + encodeRecord(retried) + line('run-0000002') + encodeRecord({ ...failed, run_id: 'run-0000002', attempt: 1 });
    const scan = scanLedgerText(text + encodeRecord(retried), sweep);
    expect(Object.fromEntries(scan.latest)).toEqual({
      'run-0000001': { attempt: 1, transport: false },
      'run-0000002': { attempt: 1, transport: true },
    });
    expect(scan.duplicates).toBe(1);
    expect(scanLedgerText(text, sweep).duplicates).toBe(0);
  });

  it('treats a missing ledger as empty', () => {
    const path = join(tempDir(), 'none.jsonl');
    expect(scanLedger(path, sweep).runIds.size).toBe(0);
    expect(existsSync(path)).toBe(false);
  });
});
