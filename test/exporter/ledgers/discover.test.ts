import { describe, expect, it } from 'vitest';
import { parseLedgerPattern } from '../../../exporter/ledgers/discover.ts';

describe('parseLedgerPattern', () => {
  it('splits the default glob into root and matcher', () => {
    const pattern = parseLedgerPattern('ledgers/**/*.jsonl');
    expect(pattern.root).toBe('ledgers');
    expect(['a.jsonl', 'demo/b.jsonl', 'x/y/c.jsonl'].every(pattern.matches)).toBe(true);
    expect(['a.json', 'a.jsonl.bak', 'demo/readme.md'].some(pattern.matches)).toBe(false);
  });

  it('* and ? stay within one folder', () => {
    const pattern = parseLedgerPattern('./runs/sweep-?/*.jsonl');
    expect(pattern.root).toBe('runs');
    expect(pattern.matches('sweep-1/a.jsonl')).toBe(true);
    expect(pattern.matches('sweep-12/a.jsonl')).toBe(false);
    expect(pattern.matches('sweep-1/x/a.jsonl')).toBe(false);
  });

  it('a plain path names one file', () => {
    const pattern = parseLedgerPattern('ledgers/demo/demo.jsonl');
    expect(pattern.root).toBe('ledgers/demo');
    expect(pattern.matches('demo.jsonl')).toBe(true);
    expect(pattern.matches('other.jsonl')).toBe(false);
  });

  it('regex characters in names are literal', () => {
    expect(parseLedgerPattern('l/*.(1).jsonl').matches('a.(1).jsonl')).toBe(true);
    expect(parseLedgerPattern('l/*.(1).jsonl').matches('a.x1).jsonl')).toBe(false);
  });
});
