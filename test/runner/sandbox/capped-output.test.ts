import { describe, expect, it } from 'vitest';
import { CappedOutput } from '../../../runner/sandbox/capped-output.ts';

describe('CappedOutput', () => {
  it('keeps everything under the cap', () => {
    const out = new CappedOutput(10);
    out.push(Buffer.from('abc'));
    out.push(Buffer.from('def'));
    expect(out.text()).toBe('abcdef');
    expect(out.truncated).toBe(false);
    expect(out.total).toBe(6);
  });

  it('keeps the first cap bytes, counts the rest and marks the output truncated', () => {
    const out = new CappedOutput(5);
    out.push(Buffer.from('abcd'));
    out.push(Buffer.from('efgh'));
    out.push(Buffer.from('ijkl'));
    expect(out.text()).toBe('abcde');
    expect(out.total).toBe(12);
    expect(out.truncated).toBe(true);
  });
});
