import { describe, expect, it } from 'vitest';
import { SWEEP_ID_PATTERN, newSweepId, taskHash } from '../../../runner/sweep/run-id.ts';

describe('sweep ids', () => {
  it('encodes the UTC start time and four hex digits', () => {
    const id = newSweepId(new Date(Date.UTC(2026, 10, 23, 18, 5, 9, 321)), '0a1f');
    expect(id).toBe('sweep-20261123T180509Z-0a1f');
    expect(id).toMatch(SWEEP_ID_PATTERN);
  });

  it('draws a random suffix when none is given', () => {
    const ids = new Set(Array.from({ length: 20 }, () => newSweepId(new Date(0))));
    for (const id of ids) expect(id).toMatch(SWEEP_ID_PATTERN);
    expect(ids.size).toBeGreaterThan(1);
  });
});

describe('taskHash', () => {
  const task = { prompt: 'What is 2+2?', reference: { checks: [{ kind: 'fact', name: 'x', any_of: ['4'] }] }, evaluator: 'fields@1' };
  it('ignores key order but changes with prompt, reference or evaluator', () => {
    const h = taskHash(task);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(taskHash({ evaluator: 'fields@1', reference: { checks: [{ any_of: ['4'], name: 'x', kind: 'fact' }] }, prompt: 'What is 2+2?' })).toBe(h);
    expect(taskHash({ ...task, prompt: 'What is 2+3?' })).not.toBe(h);
    expect(taskHash({ ...task, reference: { checks: [] } })).not.toBe(h);
    expect(taskHash({ ...task, evaluator: 'fields@2' })).not.toBe(h);
  });
});
