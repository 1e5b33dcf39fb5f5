import { describe, expect, it } from 'vitest';
import { containsTerm, firstTermFound } from '../../../runner/evaluators/fields-text.ts';

describe('containsTerm with its kept patterns and last answer', () => {
  it('answers each text for itself when texts and terms alternate', () => {
    const texts = ['The symbol is Au.', 'It lies in Austria.', 'ＡＵ in full width', 'Newton’s laws'];
    const expected = [
      [true, false, false],
      [false, true, false],
      [true, false, false],
      [false, false, true],
    ];
    for (let round = 0; round < 3; round++) {
      texts.forEach((text, i) => {
        expect(['au', 'Austria', "Newton's"].map((term) => containsTerm(text, term))).toEqual(expected[i]);
      });
    }
    expect(firstTermFound('It lies in Austria.', ['Au', 'austria'])).toBe('austria');
    expect(firstTermFound('The symbol is Au.', ['Austria', 'AU'])).toBe('AU');
    expect(containsTerm('anything', '   ')).toBe(false);
  });

  it('stays right past the bound on kept patterns', () => {
    for (let i = 0; i < 10_050; i++) expect(containsTerm(`value v${i} here`, `v${i}`)).toBe(true);
    expect(containsTerm('value v1 here', 'v10')).toBe(false);
  });
});
