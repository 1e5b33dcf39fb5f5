import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration, formatProgressLine, progressDue } from '../../../runner/progress.ts';

describe('progress formatting', () => {
  it('formats durations for a status line', () => {
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(65)).toBe('1m05s');
    expect(formatDuration(7380)).toBe('2h03m');
    expect(formatDuration(Number.NaN)).toBe('?');
  });

  it('shows done/total, rate, ETA, pass rate and the current run', () => {
    const line = formatProgressLine({ done: 30, alreadyDone: 10, total: 120, passed: 15, startedMs: 0, nowMs: 10_000, current: 'sim:small m/t1' });
    expect(line).toBe('30/120 (25.0%)  2.00 runs/s  ETA 45s  pass 75.0%  sim:small m/t1');
  });

  it('off a terminal, prints at each 10% step or after 30 s', () => {
    expect(progressDue(null, { done: 1, total: 100, nowMs: 0 }, false)).toBe(true);
    expect(progressDue({ done: 1, atMs: 0 }, { done: 5, total: 100, nowMs: 1000 }, false)).toBe(false);
    expect(progressDue({ done: 5, atMs: 0 }, { done: 10, total: 100, nowMs: 1000 }, false)).toBe(true);
    expect(progressDue({ done: 5, atMs: 0 }, { done: 6, total: 100, nowMs: 30_000 }, false)).toBe(true);
    expect(progressDue({ done: 5, atMs: 0 }, { done: 6, total: 100, nowMs: 1 }, true)).toBe(true);
  });

  it('writes plain lines to logs and a redrawn line to a terminal', () => {
    const lines: string[] = [];
    let now = 0;
    const progress = createProgress({ total: 20, alreadyDone: 0, isTTY: false, write: (t) => void lines.push(t), nowMs: () => now });
    for (let i = 0; i < 20; i++) {
      now += 100;
      progress.runStarted(`run ${i}`);
      progress.runFinished(i % 2 === 0);
    }
    progress.close();
    expect(lines).toHaveLength(11);
    expect(lines.every((line) => line.endsWith('\n') && !line.includes('\r'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^20\/20 \(100\.0%\).*pass 50\.0% {2}run 19\n$/);

    const tty: string[] = [];
    const live = createProgress({ total: 2, alreadyDone: 0, isTTY: true, write: (t) => void tty.push(t), nowMs: () => 0 });
    live.runStarted('a');
    live.runFinished(true);
    live.close();
    expect(tty.slice(0, -1).every((chunk) => chunk.startsWith('\r'))).toBe(true);
    expect(tty.at(-1)).toBe('\n');
  });
});
