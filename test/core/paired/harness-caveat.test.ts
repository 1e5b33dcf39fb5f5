import { describe, expect, it } from 'vitest';
import { discordantSuspects, harnessSuspects, SUSPECT_CAVEAT_SHARE } from '../../../core/paired/harness-caveat.ts';
import { pairRuns } from '../../../core/paired/pairing.ts';
import { run } from './make-run.ts';

describe('discordant pairs that involve a harness suspect', () => {
  it('counts a b task by its candidate side and a c task by its original side, never a concordant task', () => {
    const original = [
      run({ model: 'big', task_id: 'b1' }),
      run({ model: 'big', task_id: 'b2' }),
      run({ model: 'big', task_id: 'c1', passed: false, harness_suspect: 'max_tokens' }),
      run({ model: 'big', task_id: 'f1', passed: false, harness_suspect: 'prompt_name' }),
    ];
    const candidate = [
      run({ model: 'small', task_id: 'b1', passed: false, harness_suspect: 'prompt_name' }),
      run({ model: 'small', task_id: 'b2', passed: false }),
      run({ model: 'small', task_id: 'c1' }),
      run({ model: 'small', task_id: 'f1', passed: false, harness_suspect: 'prompt_name' }),
    ];
    expect(discordantSuspects(pairRuns(original, candidate).tasks)).toEqual({ lost: 1, won: 1 });
  });

  it(`the caveat from ${SUSPECT_CAVEAT_SHARE * 100}% of the discordant pairs up, and never without discordant pairs`, () => {
    expect(harnessSuspects({ lost: 1, won: 0 }, 3, 0).caveat).toBeNull();
    expect(harnessSuspects({ lost: 0, won: 0 }, 0, 0).caveat).toBeNull();
    expect(harnessSuspects({ lost: 2, won: 0 }, 3, 1).caveat).toBe(
      '2 of 4 discordant pairs are suspected harness faults (b 2 of 3, c 0 of 1): this verdict is not evidence about the model.',
    );
    expect(harnessSuspects({ lost: 17, won: 0 }, 17, 0).caveat).toMatch(/^17 of 17 discordant pairs are suspected harness faults/);
  });
});
