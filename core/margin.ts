import { z } from 'zod';
import { CliError } from '../lib/cli-error.ts';

/**
 * The non-inferiority margin (docs/comparisons.md), in percentage points: the one rule that
 * `ledgerbench export --margin` and `ledgerbench compare --margin` share. A margin of 100 points
 * or more would call any candidate non-inferior, so the range is [0, 100).
 */
export const MarginPointsSchema = z.number().finite().min(0).lt(100);

/** Plain decimal points: `5`, `2.5`, `0`; no sign, exponent or unit, so `5%` is not read as 5. */
const TOKEN = /^\d{1,2}(?:\.\d+)?$/;

/** Parses `--margin POINTS`; anything else is one CliError line with the range and an example. */
export function parseMarginPoints(raw: string): number {
  const text = raw.trim();
  const points = Number(text);
  if (!TOKEN.test(text) || !MarginPointsSchema.safeParse(points).success) {
    throw new CliError(`--margin ${raw}: expected percentage points from 0 to below 100, e.g. --margin 5`);
  }
  return points;
}
