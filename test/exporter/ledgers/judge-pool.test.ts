import { describe, expect, it } from 'vitest';
import { judgeBatch, type LineBatch } from '../../../exporter/ledgers/batch.ts';
import { workerJudge } from '../../../exporter/ledgers/judge-pool.ts';
import { makeRunRecord } from '../../fixtures/make-run-record.ts';

const batchOf = (index: number, lines: number): LineBatch => {
  const text = Array.from({ length: lines }, (_, i) =>
    i % 7 === 3 ? '{broken' : JSON.stringify(makeRunRecord({ run_id: `batch-${index}-run-${i}`, repeat: i })),
  ).join('\n');
  return { bytes: new Uint8Array(Buffer.from(`${text}\n`)), ledgerIndex: index % 3, firstLine: 1 + index * lines, byteOffset: index * 100_000 };
};
const copy = (batch: LineBatch): LineBatch => ({ ...batch, bytes: batch.bytes.slice() });

describe('workerJudge', () => {
  it('answers each batch with exactly what judgeBatch gives in this thread, whatever order the threads finish in', async () => {
    const pool = workerJudge(2);
    try {
      // Uneven sizes so the two threads finish out of submission order.
      const batches = Array.from({ length: 12 }, (_, i) => batchOf(i, i % 2 === 0 ? 60 : 5));
      const expected = batches.map((b) => judgeBatch(copy(b)));
      const results = await Promise.all(batches.map((b) => pool.judge(b)));
      expect(results).toEqual(expected);
      // Batch 3 holds lines 16–20; its fourth line is the broken one.
      expect(results[3]!.lines.filter((l) => !l.ok).map((l) => l.line)).toEqual([19]);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('transfers the batch bytes instead of copying them', async () => {
    const pool = workerJudge(1);
    try {
      const batch = batchOf(0, 3);
      const answer = pool.judge(batch);
      expect(batch.bytes.byteLength).toBe(0);
      expect((await answer).lastLine).toBe(3);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('fails the batch, and every later one, when a worker reports an error', async () => {
    const pool = workerJudge(1, new URL('./workers/throw-worker.mjs', import.meta.url));
    try {
      await expect(pool.judge(batchOf(0, 2))).rejects.toThrow('validation worker: Error: cannot judge this batch');
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('fails pending and later batches when a worker dies', async () => {
    const pool = workerJudge(2, new URL('./workers/exit-worker.mjs', import.meta.url));
    try {
      const answers = await Promise.allSettled([pool.judge(batchOf(0, 2)), pool.judge(batchOf(1, 2))]);
      for (const answer of answers) {
        expect(answer.status).toBe('rejected');
        expect(String((answer as PromiseRejectedResult).reason)).toMatch(/validation worker exited \(code 3\)/);
      }
      await expect(pool.judge(batchOf(2, 2))).rejects.toThrow(/validation worker exited/);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('close() rejects what is still in flight and stops the threads', async () => {
    const pool = workerJudge(1);
    const answer = pool.judge(batchOf(0, 400)).then(
      () => 'answered',
      (error: Error) => error.message,
    );
    await pool.close();
    expect(await answer).toBe('validation pool closed');
    await expect(pool.judge(batchOf(1, 2))).rejects.toThrow('validation pool closed');
  }, 60_000);

  it('refuses a thread count that is not a positive integer', () => {
    expect(() => workerJudge(0)).toThrow(/positive integer/);
    expect(() => workerJudge(1.5)).toThrow(/positive integer/);
  });
});
