import { describe, expect, it } from 'vitest';
import { parseSampleLine, SAMPLE_FIELDS } from '../../../runner/gpu/sample.ts';

describe('parseSampleLine', () => {
  it('reads a streamed line and keeps both clocks', () => {
    expect(parseSampleLine('2026/11/23 18:06:28.545, 0, 78.83, 987658033', 1234.5, SAMPLE_FIELDS)).toEqual({
      gpu: 0,
      atMs: 1234.5,
      smiTime: '2026/11/23 18:06:28.545',
      powerW: 78.83,
      energyMj: 987658033,
    });
  });

  it('reads an [N/A] counter (pre-Volta GPUs) as null', () => {
    const sample = parseSampleLine('2026/11/23 18:06:28.545, 1, 120.50, [N/A]', 0, SAMPLE_FIELDS);
    expect(sample?.gpu).toBe(1);
    expect(sample?.energyMj).toBeNull();
    expect(sample?.powerW).toBe(120.5);
  });

  it('reads the query without the energy field', () => {
    const fields = ['timestamp', 'index', 'power.draw'];
    expect(parseSampleLine('2026/11/23 18:06:28.545, 0, 35.10', 7, fields)).toMatchObject({ gpu: 0, powerW: 35.1, energyMj: null });
  });

  it('ignores headers, blank, torn and malformed lines', () => {
    expect(parseSampleLine('timestamp, index, power.draw [W], total_energy_consumption [mJ]', 0, SAMPLE_FIELDS)).toBeNull();
    expect(parseSampleLine('', 0, SAMPLE_FIELDS)).toBeNull();
    expect(parseSampleLine('2026/11/23 18:06:28.545, 0, 78.8', 0, SAMPLE_FIELDS)).toBeNull();
    expect(parseSampleLine('2026/11/23 18:06:28.545, x, 78.83, 1', 0, SAMPLE_FIELDS)).toBeNull();
  });
});
