import { CliError } from '../lib/cli-error.ts';

/**
 * The power-level grammar (docs/cli.md#power-levels), the one definition the runner's
 * `--tdp-levels`, the ledger's `power_limit.request`, the exporter's ordering and the site's
 * labels share:
 *
 *   level   = number            a percent of the GPU's default limit: `80`, `41.5`
 *           | number "w"        watts: `144w`, `212.5w`
 *   number  = 1–5 digits, optionally "." and 1–3 digits; greater than 0
 *
 * The canonical form has no leading zeros, no trailing fractional zeros and a lower-case `w`;
 * `parsePowerLevel` also reads surrounding spaces, `W` and padded numbers (`080`, `41.50`) and
 * prints them canonically, so one level is one key from the command line to the site.
 */
export interface PowerLevel {
  mode: 'percent' | 'watts';
  value: number;
}

/** The surfaces' key for runs made without a power limit (a null `power_limit.request`). */
export const DEFAULT_POWER_LEVEL = 'default';

/**
 * Percent levels above 100 are legal where a GPU's maximum exceeds its default, but no GPU allows
 * twice its default: a larger percent is a typo for watts.
 */
export const MAX_PERCENT = 200;

const TOKEN = /^(\d{1,5}(?:\.\d{1,3})?)(w?)$/i;

/** The level of a token, or why it is not one (the caller says where it came from). */
function read(token: string): PowerLevel | string {
  const match = TOKEN.exec(token.trim());
  if (!match) return 'not a power level';
  const value = Number(match[1]);
  if (!(value > 0)) return 'not a power level';
  const mode = match[2] === '' ? 'percent' : 'watts';
  if (mode === 'percent' && value > MAX_PERCENT) return `above ${MAX_PERCENT}% of the default limit`;
  return { mode, value };
}

/**
 * Parses one `--tdp-levels` entry; anything else is one CliError line that names the entry,
 * the flag and both accepted forms.
 */
export function parsePowerLevel(raw: string, flag = '--tdp-levels'): PowerLevel {
  const level = read(raw);
  if (typeof level !== 'string') return level;
  if (level === 'not a power level') {
    throw new CliError(`${flag}: '${raw}' is not a power level; use a percent of the default limit (80) or watts (250w)`);
  }
  throw new CliError(`${flag}: '${raw}' is ${level}; did you mean '${raw.trim()}w'?`);
}

/** The canonical token: `80`, `41.5`, `144w`. */
export function printPowerLevel(level: PowerLevel): string {
  // Five integer and three fraction digits print exactly, without exponent, by String().
  return `${String(level.value)}${level.mode === 'watts' ? 'w' : ''}`;
}

/**
 * A surface's power-level key read back: a level, `'default'` for runs without a limit, or
 * null for a key this grammar does not know (a ledger written by another tool).
 */
export function readPowerLevelKey(key: string): PowerLevel | typeof DEFAULT_POWER_LEVEL | null {
  if (key === DEFAULT_POWER_LEVEL) return DEFAULT_POWER_LEVEL;
  const level = read(key);
  return typeof level === 'string' ? null : level;
}

/** The surfaces' key of a recorded request: its canonical token, or `'default'` for none. */
export function powerLevelKey(request: string | null): string {
  return request ?? DEFAULT_POWER_LEVEL;
}
