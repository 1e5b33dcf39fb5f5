import { describe, expect, it } from 'vitest';
import { DEFAULT_POWER_LEVEL, MAX_PERCENT, parsePowerLevel, powerLevelKey, printPowerLevel, readPowerLevelKey } from '../../core/power-level.ts';
import { CliError } from '../../lib/cli-error.ts';
import { mulberry32, randomIndex } from '../../lib/prng.ts';

const random = mulberry32(20260601);
const digit = () => String(randomIndex(random, 10));
const digits = (n: number) => Array.from({ length: n }, digit).join('');

/** A canonical token: no leading zero, no trailing fractional zero, value in range, lower-case `w`. */
function canonicalToken(): string {
  for (;;) {
    const intLength = 1 + randomIndex(random, 5);
    const int = intLength === 1 ? digit() : String(1 + randomIndex(random, 9)) + digits(intLength - 1);
    const fraction = random() < 0.4 ? digits(1 + randomIndex(random, 3)).replace(/0+$/, '') : '';
    const number = fraction === '' ? int : `${int}.${fraction}`;
    const watts = random() < 0.5;
    if (Number(number) <= 0 || (!watts && Number(number) > MAX_PERCENT)) continue;
    return watts ? `${number}w` : number;
  }
}

const JUNK_CHARS = ['', ' ', '-', '+', '.', ',', '%', 'w', 'W', 'x', 'e', '0', '5', '9', '\t', 'k', 'ww'];

describe('power-level grammar', () => {
  it('prints every canonical token back unchanged (2000 seeded tokens)', () => {
    for (let i = 0; i < 2000; i++) {
      const token = canonicalToken();
      const level = parsePowerLevel(token);
      expect(printPowerLevel(level), token).toBe(token);
      expect(level.mode).toBe(token.endsWith('w') ? 'watts' : 'percent');
      expect(readPowerLevelKey(token)).toEqual(level);
    }
  });

  it('reads spaces, W and padded numbers, and prints them canonically', () => {
    expect(printPowerLevel(parsePowerLevel(' 144W '))).toBe('144w');
    expect(printPowerLevel(parsePowerLevel('080'))).toBe('80');
    expect(printPowerLevel(parsePowerLevel('41.50'))).toBe('41.5');
    expect(printPowerLevel(parsePowerLevel('250.000w'))).toBe('250w');
    expect(parsePowerLevel('41.5')).toEqual({ mode: 'percent', value: 41.5 });
    expect(parsePowerLevel('250w')).toEqual({ mode: 'watts', value: 250 });
  });

  it.each([
    '',
    ' ',
    '0',
    '0w',
    '0.0',
    '-5',
    '-5w',
    '80%',
    '144 w',
    '1e3w',
    '1e3',
    'abc',
    'w',
    '.5',
    '5.',
    '80w%',
    '+80',
    '80ww',
    '0x50',
    '1,5',
    '123456w',
    '1.2345',
  ])('refuses %j with one line that names the entry and both forms', (bad) => {
    expect(() => parsePowerLevel(bad)).toThrow(CliError);
    expect(() => parsePowerLevel(bad)).toThrow(`--tdp-levels: '${bad}' is not a power level; use a percent of the default limit (80) or watts (250w)`);
    expect(readPowerLevelKey(bad)).toBeNull();
  });

  it('refuses a percent above the maximum as a typo for watts', () => {
    expect(() => parsePowerLevel('250')).toThrow("--tdp-levels: '250' is above 200% of the default limit; did you mean '250w'?");
    expect(() => parsePowerLevel('2500')).toThrow(/did you mean '2500w'/);
    expect(parsePowerLevel('200')).toEqual({ mode: 'percent', value: 200 });
    expect(parsePowerLevel('250w').value).toBe(250);
  });

  it('refuses generated junk with a CliError, never anything else', () => {
    for (let i = 0; i < 2000; i++) {
      const parts = Array.from({ length: 1 + randomIndex(random, 4) }, () => JUNK_CHARS[randomIndex(random, JUNK_CHARS.length)]!);
      const token = parts.join('');
      let parsed: string | null = null;
      try {
        parsed = printPowerLevel(parsePowerLevel(token));
      } catch (error) {
        expect(error, token).toBeInstanceOf(CliError);
        expect((error as Error).message.split('\n')).toHaveLength(1);
        continue;
      }
      // Whatever is accepted reads back as the same level from its canonical print.
      expect(parsePowerLevel(parsed), token).toEqual(parsePowerLevel(token));
      expect(/^\d{1,5}(\.\d{1,3})?w?$/.test(parsed), parsed).toBe(true);
    }
  });

  it('names the flag it parses', () => {
    expect(() => parsePowerLevel('x', '--level')).toThrow(/^--level: 'x' is not a power level/);
  });

  it('keys runs without a limit as default', () => {
    expect(powerLevelKey(null)).toBe(DEFAULT_POWER_LEVEL);
    expect(powerLevelKey('80')).toBe('80');
    expect(readPowerLevelKey('default')).toBe(DEFAULT_POWER_LEVEL);
  });
});
