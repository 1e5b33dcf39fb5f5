import { describe, expect, it } from 'vitest';
import { searchRuns } from '../../../ui/logic/run-search.ts';
import { makeRuns } from '../../e2e/fixtures/make-runs.ts';
import { XSS_SPEC } from '../../e2e/fixtures/specs.ts';

describe('searchRuns', () => {
  const runs = makeRuns(XSS_SPEC);
  it('matches response text case-insensitively; empty keeps all', () => {
    expect(searchRuns(runs, '')).toHaveLength(runs.length);
    expect(searchRuns(runs, 'ANSWER 42').every((run) => run.evaluation.passed)).toBe(true);
    expect(searchRuns(runs, 'no such text')).toHaveLength(0);
  });
});
