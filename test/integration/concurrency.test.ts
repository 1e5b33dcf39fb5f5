import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../lib/prng.ts';
import { SweepSidecarSchema } from '../../runner/ledger/sidecar.ts';
import { RunRecordSchema, type RunRecord } from '../../schema/run-record.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/fake-openai.ts';
import { mathAnswerer, readLedger, ROOT, runCli, tempDir } from './openai-sweep-helpers.ts';

let openai: FakeOpenAi | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await openai?.close();
  openai = undefined;
  for (const dir of dirs.splice(0)) await fs.rm(dir, { recursive: true, force: true });
});

/**
 * The most requests in flight at once, from the records alone: each request ran in
 * [recorded_at − wall_ms, recorded_at] (shifted by the few ms of scoring, the same within a lane).
 */
function maxOverlap(records: RunRecord[]): number {
  const events = records.flatMap((record) => {
    const end = Date.parse(record.recorded_at);
    return [
      // The runner always records wall time; only imported records may lack it.
      { at: end - record.timing.wall_ms!, step: 1 },
      { at: end, step: -1 },
    ];
  });
  events.sort((a, b) => a.at - b.at || a.step - b.step);
  let now = 0;
  let most = 0;
  for (const event of events) {
    now += event.step;
    most = Math.max(most, now);
  }
  return most;
}

describe('ledgerbench run --concurrency against an OpenAI-compatible server', () => {
  it('keeps up to 4 streamed requests in flight and writes every planned run once, whole', async () => {
    openai = await startFakeOpenAi({ answer: mathAnswerer(), firstChunkDelayMs: 200, chunkDelayMs: 2 });
    const dir = await tempDir('concurrency');
    dirs.push(dir);
    const sweep = ['--experiments', 'math_measurement_v1', '--limit', '6', '--repeats', '2', '--ledgers-dir', dir];
    const cli = await runCli(['run', '--models', 'openai:fake-model', '--base-url', openai.baseUrl, ...sweep, '--concurrency', '4']);
    expect(cli.code, cli.stderr).toBe(0);
    const { records, text } = await readLedger(dir);
    expect(text.endsWith('\n')).toBe(true);
    expect(records).toHaveLength(12);
    expect(new Set(records.map((r) => r.run_id)).size).toBe(12);
    expect(records.every((r) => r.concurrency === 4 && r.failure === null)).toBe(true);
    // The warm-up plus one request a run reached the server, none twice.
    expect(openai.chats).toHaveLength(13);
    const overlap = maxOverlap(records);
    expect(overlap).toBeGreaterThanOrEqual(2);
    expect(overlap).toBeLessThanOrEqual(4);
  }, 60_000);
});

/** Complete lines of the ledger in `dir` (0 while it does not exist). */
function ledgerOf(dir: string): { path: string; text: string } | null {
  const name = readdirSync(dir).find((file) => file.endsWith('.jsonl'));
  if (!name) return null;
  return { path: path.join(dir, name), text: readFileSync(path.join(dir, name), 'utf8') };
}

/**
 * Starts a sweep and SIGKILLs it once its ledger holds `lines` records (0: once its sidecar
 * exists, before any record) and, past the first record, the server has answers in flight
 * (`requested()`, the runs it has seen beyond the warm-up, is ahead of the ledger: on a loaded
 * machine the kill must not land between a record and the lane's next request). Resolves with
 * the ledger's bytes at the kill, or null when the sweep finished first.
 */
async function killAt(argv: string[], dir: string, lines: number, requested: () => number): Promise<string | null> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/ledgerbench.js'), ...argv], { cwd: ROOT, stdio: 'ignore' });
  let exited = false;
  const done = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  void done.then(() => (exited = true));
  for (;;) {
    if (exited) return null;
    const sidecar = readdirSync(dir).some((file) => file.endsWith('.sweep.json'));
    const ledger = ledgerOf(dir);
    const count = ledger === null ? 0 : ledger.text.split('\n').length - 1;
    if (sidecar && count >= lines && (lines === 0 || requested() > count)) {
      child.kill('SIGKILL');
      await done;
      return ledgerOf(dir)?.text ?? '';
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('SIGKILL under --concurrency 4 with requests in flight, then --resume', () => {
  it('loses no completed run, tears no line, and the resume finishes every planned run exactly once', async () => {
    openai = await startFakeOpenAi({ answer: mathAnswerer(), firstChunkDelayMs: 40, chunkDelayMs: 1 });
    const random = mulberry32(20261202);
    const planned = 2 * 10;
    // Kill points: before the first record, after the first, in the middle, near the end; the
    // last round also leaves a torn tail behind, as a power cut (not a SIGKILL) could.
    const points = [0, 1, 3 + Math.floor(random() * 8), planned - 3, 5];
    for (const [round, point] of points.entries()) {
      const dir = await tempDir(`kill4-${round}`);
      dirs.push(dir);
      const sweep = ['--models', 'openai:fake-model', '--base-url', openai.baseUrl, '--experiments', 'math_measurement_v1', '--limit', '10'];
      const chatsBefore = openai.chats.length;
      const requested = () => openai!.chats.length - chatsBefore - 1;
      const atKill = await killAt(['run', ...sweep, '--repeats', '2', '--concurrency', '4', '--ledgers-dir', dir], dir, point, requested);
      expect(atKill, `round ${round}: the sweep finished before the kill`).not.toBeNull();
      if (point > 0) {
        // The kill cut requests short: the server saw more runs (beside the warm-up) than were written.
        const inFlight = requested() - (atKill!.split('\n').length - 1);
        expect(inFlight, `round ${round}: no request was in flight at the kill`).toBeGreaterThanOrEqual(1);
      }
      // A SIGKILL cannot tear a line: the runner writes each record with one write(2).
      expect(atKill === '' || atKill!.endsWith('\n'), `round ${round}: torn line after SIGKILL`).toBe(true);
      for (const line of atKill!.split('\n').slice(0, -1)) RunRecordSchema.parse(JSON.parse(line));
      const fragment = round === points.length - 1 ? atKill!.trimEnd().split('\n').at(-1)!.slice(0, 40) : '';
      const ledgerPath = ledgerOf(dir)?.path;
      if (fragment !== '' && ledgerPath) appendFileSync(ledgerPath, fragment);

      const sidecarName = readdirSync(dir).find((file) => file.endsWith('.sweep.json'))!;
      const sidecar = SweepSidecarSchema.parse(JSON.parse(readFileSync(path.join(dir, sidecarName), 'utf8')));
      const resumed = await runCli(['run', '--resume', sidecar.sweep_id, '--ledgers-dir', dir, '--concurrency', '4']);
      expect(resumed.code, resumed.stderr).toBe(0);
      const after = ledgerOf(dir)!.text;
      // Append-only: everything that was on disk at the kill is still there, byte for byte.
      expect(after.startsWith(atKill! + fragment)).toBe(true);
      expect(after.endsWith('\n')).toBe(true);
      const lines = after
        .slice(0, -1)
        .split('\n')
        .filter((line) => line !== fragment);
      const records = lines.map((line) => RunRecordSchema.parse(JSON.parse(line)));
      const ids = records.map((record) => record.run_id);
      expect(ids.length, `round ${round}`).toBe(sidecar.plan.runs);
      expect(new Set(ids).size).toBe(planned);
      expect(records.every((record) => record.concurrency === 4 && record.failure === null)).toBe(true);
      expect(existsSync(path.join(dir, `${sidecar.sweep_id}.lock`))).toBe(false);
    }
  }, 180_000);
});
