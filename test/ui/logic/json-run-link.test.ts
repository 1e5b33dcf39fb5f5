import { describe, expect, it } from 'vitest';
import { runLinkOf } from '../../../ui/logic/json-run-link.ts';

describe('runLinkOf: which JSON leaves open the run view', () => {
  it('links a run record and hints its shard by experiment and task id', () => {
    const shard = { rows: [{ run_id: 'r1', experiment: 'arith', task: { id: 'arith-001' }, sweep_id: 's' }] };
    expect(runLinkOf(shard, ['rows', 0, 'run_id'])).toEqual({ runId: 'r1', task: 'arith/arith-001' });
    expect(runLinkOf(shard, ['rows', 0, 'sweep_id'])).toBeNull();
  });

  it('links representative run ids with the row’s task', () => {
    const surface = { rows: [{ experiment: 'code', task_id: 'c1', representative_run_ids: ['a', 'b'] }] };
    expect(runLinkOf(surface, ['rows', 0, 'representative_run_ids', 1])).toEqual({ runId: 'b', task: 'code/c1' });
    expect(runLinkOf({ v: [{ representative_run_ids: ['x'] }] }, ['v', 0, 'representative_run_ids', 0])).toEqual({ runId: 'x', task: null });
  });

  it('links a rejected line only when it was a duplicate of a recorded run', () => {
    const verification = {
      rows: [
        { file: 'a.jsonl', line: 3, kind: 'schema', run_id: 'never-recorded', reason: 'bad' },
        { file: 'a.jsonl', line: 4, kind: 'duplicate_run_id', run_id: 'recorded', reason: 'dup' },
      ],
    };
    expect(runLinkOf(verification, ['rows', 0, 'run_id'])).toBeNull();
    expect(runLinkOf(verification, ['rows', 1, 'run_id'])).toEqual({ runId: 'recorded', task: null });
  });

  it('links nothing that is not a run id string', () => {
    expect(runLinkOf({ run_id: null }, ['run_id'])).toBeNull();
    expect(runLinkOf({ run_id: 7 }, ['run_id'])).toBeNull();
    expect(runLinkOf({ run_id: '' }, ['run_id'])).toBeNull();
    expect(runLinkOf({ a: 'r' }, ['missing'])).toBeNull();
  });
});
