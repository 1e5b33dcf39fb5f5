import { describe, expect, it } from 'vitest';
import { filtersFromQuery, formatHash, linkTo, parseHash, rawDataHref, withQuery } from '../../../ui/state/route.ts';

describe('parseHash / formatHash', () => {
  it('round-trips model names with slashes and colons as one path segment', () => {
    const route = { view: 'model' as const, args: ['org/coder:7b'], query: { experiment: 'arith', hide_sim: '1' } };
    const hash = formatHash(route);
    expect(hash).toBe('#/model/org%2Fcoder%3A7b?experiment=arith&hide_sim=1');
    expect(parseHash(hash)).toEqual(route);
  });

  it('round-trips hostile task ids and query values', () => {
    const route = { view: 'task' as const, args: ['x&y', '<img src=x onerror=alert(1)>'], query: { q: 'a b&c=d', power: '144w' } };
    expect(parseHash(formatHash(route))).toEqual(route);
  });

  it('sorts query keys so equal states give equal links', () => {
    expect(formatHash({ view: 'models', args: [], query: { power: '100', arm: 'plain' } })).toBe('#/models?arm=plain&power=100');
  });

  it('reads an empty hash as the landing view (the leaderboard) and an unknown view as such', () => {
    expect(parseHash('')).toEqual({ view: 'leaderboard', args: [], query: {} });
    expect(parseHash('#/')).toEqual({ view: 'leaderboard', args: [], query: {} });
    expect(parseHash('#/nope?arm=x')).toEqual({ view: 'leaderboard', args: [], query: { arm: 'x' }, unknown: 'nope' });
  });

  it('keeps a malformed percent escape as typed instead of throwing', () => {
    expect(parseHash('#/model/50%off').args).toEqual(['50%off']);
  });

  it('drops empty query values', () => {
    expect(parseHash('#/models?arm=&power=60').query).toEqual({ power: '60' });
  });
});

describe('filters in the hash', () => {
  it('reads the shared filters and hide_sim', () => {
    expect(filtersFromQuery({ experiment: 'e', arm: 'a', power: '60', gpu: 'none', family: 'f', hide_sim: '1', sort: 'x' })).toEqual({
      experiment: 'e',
      arm: 'a',
      power: '60',
      gpu: 'none',
      family: 'f',
      hideSimulated: true,
    });
    expect(filtersFromQuery({}).hideSimulated).toBe(false);
  });

  it('linkTo keeps shared filters and drops view-local state', () => {
    const current = parseHash('#/models?arm=plain&sort=pass_rate:descending&hide_sim=1');
    expect(linkTo(current, 'task', ['arith', 't/1'], { run: 'r1' })).toBe('#/task/arith/t%2F1?arm=plain&hide_sim=1&run=r1');
  });

  it('withQuery sets and removes keys', () => {
    const route = parseHash('#/models?arm=plain&power=60');
    expect(withQuery(route, { arm: undefined, sort: 'rank:ascending' }).query).toEqual({ power: '60', sort: 'rank:ascending' });
  });

  it('rawDataHref encodes each path segment and stays under data/', () => {
    expect(rawDataHref('runs/runs-0001.json')).toBe('data/runs/runs-0001.json');
    expect(rawDataHref('javascript:alert(1)')).toBe('data/javascript%3Aalert(1)');
    expect(rawDataHref('a b/c#d.json')).toBe('data/a%20b/c%23d.json');
  });

  it('rawDataHref cannot climb out of data/', () => {
    expect(rawDataHref('../secrets.json')).toBe('data/..%2Fsecrets.json');
    expect(rawDataHref('runs//x.json')).toBe('data/runs%2F%2Fx.json');
    expect(new URL(rawDataHref('../../x'), 'https://h.example/site/').pathname).toBe('/site/data/..%2F..%2Fx');
  });
});
