import { describe, expect, it } from 'vitest';
import { verdictTone } from '../../../ui/logic/verdict.ts';

describe('verdictTone', () => {
  it('colours good and bad news and leaves open verdicts neutral', () => {
    expect(verdictTone('non_inferior')).toBe('good');
    expect(verdictTone('significant_regression')).toBe('bad');
    expect(verdictTone('format_only')).toBe('bad');
    expect(verdictTone('inconclusive')).toBe('');
    expect(verdictTone(null)).toBe('');
  });
});
