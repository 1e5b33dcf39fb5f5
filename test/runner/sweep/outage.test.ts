import { describe, expect, it } from 'vitest';
import { OutageGuard } from '../../../runner/sweep/outage.ts';
import { pictureCounts, pictureFrom } from '../../../runner/sweep/picture.ts';
import type { PlannedRun } from '../../../runner/sweep/plan.ts';

const refused = { failureClass: 'connection_refused', message: 'connect ECONNREFUSED' };

describe('OutageGuard', () => {
  it('stops at the Nth transport failure in a row, not before, and an answer resets the count', () => {
    const guard = new OutageGuard(3);
    expect(guard.afterRun(refused)).toBeNull();
    expect(guard.afterRun(refused)).toBeNull();
    expect(guard.afterRun(null)).toBeNull();
    expect(guard.afterRun(refused)).toBeNull();
    expect(guard.afterRun(refused)).toBeNull();
    expect(guard.afterRun(refused)).toBe('3 runs in a row failed at transport (last: connection_refused: connect ECONNREFUSED)');
  });

  it('0 never stops, not even for a failed warm-up', () => {
    const guard = new OutageGuard(0);
    for (let i = 0; i < 100; i++) expect(guard.afterRun(refused)).toBeNull();
    expect(guard.afterWarmupFailure('qwen3:8b', refused)).toBeNull();
    expect(new OutageGuard(1).afterWarmupFailure('qwen3:8b', refused)).toBe(
      'the warm-up of qwen3:8b failed at transport (connection_refused: connect ECONNREFUSED)',
    );
  });
});

describe('pictureFrom', () => {
  const plan = ['a', 'b', 'c', 'd'].map((id, index) => ({ run_id: id, index }) as PlannedRun);
  const latest = new Map([
    ['a', { attempt: 0, transport: false }],
    ['b', { attempt: 0, transport: true }],
    ['c', { attempt: 2, transport: true }],
    ['x', { attempt: 0, transport: true }],
  ]);

  it('makes the missing runs and, when retrying, the transport failures with the next attempt', () => {
    const retrying = pictureFrom(plan, { latest }, true);
    expect(retrying.remaining.map((run) => run.run_id)).toEqual(['b', 'c', 'd']);
    expect(Object.fromEntries(retrying.nextAttempt)).toEqual({ b: 1, c: 3, d: 0 });
    const keeping = pictureFrom(plan, { latest }, false);
    expect(keeping.remaining.map((run) => run.run_id)).toEqual(['d']);
  });

  it('counts only planned runs: in the ledger, and standing as transport failures', () => {
    expect(pictureCounts(plan, latest)).toEqual({ inLedger: 3, transport: 2 });
  });
});
