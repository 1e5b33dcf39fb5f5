import { describe, expect, it } from 'vitest';
import { pairTaskRuns } from '../../../ui/logic/task-pair.ts';
import type { RunRecord } from '../../../schema/run-record.ts';
import { makeRuns } from '../../e2e/fixtures/make-runs.ts';
import { E2E_SPEC } from '../../e2e/fixtures/specs.ts';

const base = makeRuns(E2E_SPEC)[0]!;

function run(repeat: number, passed: boolean, extra: Partial<RunRecord> = {}): RunRecord {
  return {
    ...base,
    run_id: `${base.run_id}-${repeat}-${String(passed)}-${extra.recorded_at ?? ''}`,
    repeat,
    evaluation: { ...base.evaluation, passed },
    ...extra,
  };
}

describe('pairTaskRuns', () => {
  it('pairs on repeat, counts the unpaired, and folds the paired repeats by majority (ties fail)', () => {
    const original = [run(0, true), run(1, true), run(2, false)];
    const candidate = [run(0, true), run(1, false)];
    const pairing = pairTaskRuns(original, candidate);
    expect(pairing.pairs.map((pair) => pair.repeat)).toEqual([0, 1]);
    expect(pairing.unpaired).toBe(1);
    expect(pairing.originalPassed).toBe(true);
    // 1 of 2 is a tie: the candidate fails the task, as the exporter counts it.
    expect(pairing.candidatePassed).toBe(false);
  });

  it('a repeat recorded twice pairs its later record and counts the earlier as unpaired', () => {
    const original = [run(0, false, { recorded_at: '2026-01-01T00:00:00.000Z' }), run(0, true, { recorded_at: '2026-02-01T00:00:00.000Z' })];
    const pairing = pairTaskRuns(original, [run(0, false)]);
    expect(pairing.pairs).toHaveLength(1);
    expect(pairing.pairs[0]!.original.evaluation.passed).toBe(true);
    expect(pairing.unpaired).toBe(1);
  });

  it('nothing paired is no pass on either side', () => {
    const pairing = pairTaskRuns([run(0, true)], []);
    expect(pairing).toMatchObject({ pairs: [], originalPassed: false, candidatePassed: false, unpaired: 1 });
  });
});
