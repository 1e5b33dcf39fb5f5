import { describe, expect, it } from 'vitest';
import { formatWatts, isMissing, parseReading, parseSmiTimestamp, parseText, splitCsvRow } from '../../../runner/gpu/csv.ts';

describe('nvidia-smi CSV fields', () => {
  it('splits rows on commas and trims the space nvidia-smi puts after each', () => {
    expect(splitCsvRow('0, NVIDIA H100 80GB HBM3, 81559 MiB')).toEqual(['0', 'NVIDIA H100 80GB HBM3', '81559 MiB']);
  });

  it('reads numbers with and without units', () => {
    expect(parseReading('300.00 W')).toBe(300);
    expect(parseReading('78.83')).toBe(78.83);
    expect(parseReading('81559 MiB')).toBe(81559);
    expect(parseReading('987654321 mJ')).toBe(987654321);
  });

  it('reads every "no reading" placeholder as null', () => {
    for (const placeholder of ['[N/A]', 'N/A', '[Not Supported]', 'Not Supported', '[Unknown Error]', '']) {
      expect(parseReading(placeholder)).toBeNull();
    }
    expect(isMissing('[Not Supported]')).toBe(true);
    expect(isMissing('300.00')).toBe(false);
    expect(parseText('[N/A]')).toBeNull();
    expect(parseText(' 550.54.14 ')).toBe('550.54.14');
    expect(parseReading('abc')).toBeNull();
    expect(parseReading(undefined)).toBeNull();
  });

  it('reads the CSV timestamp as local time with milliseconds', () => {
    expect(parseSmiTimestamp('2026/11/23 18:02:12.345')).toBe(new Date(2026, 10, 23, 18, 2, 12, 345).getTime());
    expect(parseSmiTimestamp('2026/11/23 18:02:12')).toBe(new Date(2026, 10, 23, 18, 2, 12, 0).getTime());
    expect(parseSmiTimestamp('Mon Nov 23 18:02:12 2026')).toBeNull();
  });

  it('formats watts for -pl with two decimals', () => {
    expect(formatWatts(150)).toBe('150.00');
    expect(formatWatts(102.5)).toBe('102.50');
  });
});
