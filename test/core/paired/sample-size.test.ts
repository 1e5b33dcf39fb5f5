import { describe, expect, it } from 'vitest';
import { pairsToDecide, Z_POWER_80 } from '../../../core/paired/sample-size.ts';
import { Z_95 } from '../../../core/wilson.ts';

describe('pairsToDecide', () => {
  it('uses the non-inferiority formula while the observed drop is inside the margin', () => {
    // b = 3, c = 2 on 50: ψ = 0.1, Δ = −0.02; n = (1.96 + 0.8416)² (0.1 − 0.0004) / 0.03².
    const expected = Math.ceil(((Z_95 + Z_POWER_80) ** 2 * (0.1 - 0.0004)) / 0.03 ** 2);
    expect(pairsToDecide({ pairs: 50, originalOnly: 3, candidateOnly: 2 }, 0.05)).toBe(expected);
  });

  it("uses Connor's McNemar formula when the drop is beyond the margin", () => {
    // b = 8, c = 2 on 60: ψ = 1/6, Δ = −0.1.
    const psi = 10 / 60;
    const delta = -0.1;
    const expected = Math.ceil((Z_95 * Math.sqrt(psi) + Z_POWER_80 * Math.sqrt(psi - delta * delta)) ** 2 / (delta * delta));
    expect(pairsToDecide({ pairs: 60, originalOnly: 8, candidateOnly: 2 }, 0.05)).toBe(expected);
  });

  it('never answers zero: no discordance counts as one pending disagreement, and the floor is max(10, n + 1)', () => {
    const none = pairsToDecide({ pairs: 40, originalOnly: 0, candidateOnly: 0 }, 0.05)!;
    expect(none).toBe(Math.ceil(((Z_95 + Z_POWER_80) ** 2 * (1 / 41)) / 0.05 ** 2));
    expect(pairsToDecide({ pairs: 3, originalOnly: 0, candidateOnly: 3 }, 0.05)).toBe(10);
    expect(pairsToDecide({ pairs: 500, originalOnly: 10, candidateOnly: 60 }, 0.05)).toBe(501);
  });

  it('is null when nothing can decide it', () => {
    expect(pairsToDecide({ pairs: 0, originalOnly: 0, candidateOnly: 0 }, 0.05)).toBeNull();
    expect(pairsToDecide({ pairs: 20, originalOnly: 2, candidateOnly: 2 }, 0)).toBeNull();
  });
});
