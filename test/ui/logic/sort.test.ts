import { describe, expect, it } from 'vitest';
import { formatSort, nextSort, parseSort, sortRows } from '../../../ui/logic/sort.ts';

const rows = [
  { name: 'b', value: 2 as number | null },
  { name: 'a', value: null },
  { name: 'c', value: 10 },
  { name: 'd', value: 2 },
];
const get = (row: (typeof rows)[number], key: string) => row[key as 'name' | 'value'];

describe('sortRows', () => {
  it('sorts numbers numerically, stably, with missing values last both ways', () => {
    expect(sortRows(rows, { key: 'value', direction: 'ascending' }, get).map((r) => r.name)).toEqual(['b', 'd', 'c', 'a']);
    expect(sortRows(rows, { key: 'value', direction: 'descending' }, get).map((r) => r.name)).toEqual(['c', 'b', 'd', 'a']);
  });

  it('sorts text with numeric collation', () => {
    const names = [{ n: 'task-10' }, { n: 'task-2' }];
    expect(sortRows(names, { key: 'n', direction: 'ascending' }, (r) => r.n).map((r) => r.n)).toEqual(['task-2', 'task-10']);
  });
});

describe('sort state', () => {
  it('toggles direction on the same key and starts fresh on a new one', () => {
    expect(nextSort(null, 'a', 'descending')).toEqual({ key: 'a', direction: 'descending' });
    expect(nextSort({ key: 'a', direction: 'descending' }, 'a')).toEqual({ key: 'a', direction: 'ascending' });
    expect(nextSort({ key: 'a', direction: 'descending' }, 'b')).toEqual({ key: 'b', direction: 'ascending' });
  });

  it('round-trips through the hash', () => {
    const state = { key: 'run_pass_rate', direction: 'descending' as const };
    expect(parseSort(formatSort(state))).toEqual(state);
    expect(parseSort(undefined)).toBeNull();
  });
});
