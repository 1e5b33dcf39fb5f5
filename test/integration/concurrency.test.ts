import fs from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../schema/run-record.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/fake-openai.ts';
import { mathAnswerer, readLedger, runCli, tempDir } from './openai-sweep-helpers.ts';

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
