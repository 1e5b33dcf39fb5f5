import { describe, expect, it } from 'vitest';
import { comparisonArgs, formatHash, pairArgs, parseComparisonArgs, parseHash, parsePairArgs, type ComparisonKey } from '../../../ui/state/route.ts';
import { navEntryOf } from '../../../ui/state/views.ts';

const key: ComparisonKey = {
  original: 'org/coder:7b',
  candidate: 'sim:<b>small</b>',
  experiment: 'arith',
  arm: 'plain',
  originalPowerLevel: 'default',
  candidatePowerLevel: '144w',
};

describe('verdict, pair and run routes', () => {
  it('a verdict hash encodes each key as one segment and decodes back to the same comparison', () => {
    const hash = formatHash({ view: 'verdict', args: comparisonArgs(key), query: {} });
    expect(hash).toBe('#/verdict/org%2Fcoder%3A7b/sim%3A%3Cb%3Esmall%3C%2Fb%3E/arith/plain/default/144w');
    const route = parseHash(hash);
    expect(route.view).toBe('verdict');
    expect(parseComparisonArgs(route.args)).toEqual(key);
  });

  it('a pair hash carries the comparison and a task id with slashes and spaces', () => {
    const route = parseHash(formatHash({ view: 'pair', args: pairArgs(key, 'group/task 7'), query: { arm: 'plain' } }));
    expect(route.view).toBe('pair');
    expect(parsePairArgs(route.args)).toEqual({ key, taskId: 'group/task 7' });
    expect(route.query).toEqual({ arm: 'plain' });
  });

  it('a hand-typed pair hash with a bare slash in the task id keeps the whole id', () => {
    expect(parsePairArgs(parseHash('#/pair/a/b/s/plain/default/default/dir/t1').args)?.taskId).toBe('dir/t1');
  });

  it('a route missing a key or the task is no comparison', () => {
    expect(parseComparisonArgs(['a', 'b', 'arith', 'plain', 'default'])).toBeNull();
    expect(parseComparisonArgs(['a', '', 'arith', 'plain', 'default', 'default'])).toBeNull();
    expect(parsePairArgs(comparisonArgs(key))).toBeNull();
  });

  it('a run id round-trips and the drill-downs light up their parents', () => {
    const route = parseHash(formatHash({ view: 'run', args: ['run-0001:a/b'], query: {} }));
    expect(route).toEqual({ view: 'run', args: ['run-0001:a/b'], query: {} });
    expect(navEntryOf('verdict')).toBe('comparisons');
    expect(navEntryOf('pair')).toBe('comparisons');
    expect(navEntryOf('run')).toBe('json');
  });
});
