import { describe, expect, it } from 'vitest';
import { decodePairRuns, encodePairRun, exactNumber, exactNumberJson } from '../../../core/paired/pair-runs.ts';
import { toJson } from '../../../exporter/write.ts';
import { ComparisonPairsShardSchema } from '../../../schema/surfaces/comparison-pairs.ts';
import { run } from './make-run.ts';

const generatedFrom = { ledger_files: 1, records: 2, simulated_records: 0, ledgers_sha256: 'x' };

describe('pairs file rows', () => {
  it('survive the 6-significant-digit serialiser exactly, nulls and all', () => {
    const runs = [
      { ...run({ score: 1 / 3, joules: 180.123456789, wall_ms: 1234.5678901, usd: 0.0000123456789, output_tokens: 120 }), sweep_id: 's1' },
      {
        ...run({ passed: false, score: 0, format_score: 0.5, joules: null, wall_ms: null, usd: null, output_tokens: null, harness_suspect: 'timeout' }),
        sweep_id: 's2',
      },
    ];
    const side = { model: 'qwen3:8b', experiment: 'suite', arm: 'plain', power_level: 'default' };
    const file = {
      surface: 'comparison_pairs_side',
      schema_version: 1,
      generated_from: generatedFrom,
      side,
      sweeps: ['s1', 's2'],
      rows: runs.map((r, i) => encodePairRun(r, i)),
    };
    const decoded = decodePairRuns(ComparisonPairsShardSchema.parse(JSON.parse(toJson(file))));
    expect(decoded).toEqual(runs);
    // The rounded spelling would have lost digits: the exact one is text.
    expect(JSON.parse(toJson(file)).rows[0][12]).toBe('180.123456789');
  });

  it('refuse a number spelled as anything but a plain numeral', () => {
    const row = [0, 'r', 't', 'task', 0, 0, null, true, 'NaN', null, null, null, null, null, false, null];
    const file = {
      surface: 'comparison_pairs_side',
      schema_version: 1,
      generated_from: generatedFrom,
      side: { model: 'm', experiment: 'e', arm: 'a', power_level: 'p' },
      sweeps: ['s'],
      rows: [row],
    };
    expect(ComparisonPairsShardSchema.safeParse(file).success).toBe(false);
  });

  it('exactNumberJson spells every number as JSON.stringify(exactNumber(…)) does', () => {
    // Seeded xorshift: the same numbers every run.
    let state = 0x9e3779b9;
    const next = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 2 ** 32;
    };
    const bits = new DataView(new ArrayBuffer(8));
    const randomDouble = () => {
      bits.setUint32(0, Math.floor(next() * 2 ** 32));
      bits.setUint32(4, Math.floor(next() * 2 ** 32));
      return bits.getFloat64(0);
    };
    const values: number[] = [0, -0, 1, -1, 999_999, 1_000_000, 1_000_001, 1_200_000, 1_234_567, 0.1, 0.3, 1 / 3, 123.456, 123.4567, 1e21, 1.5e21, 1.234567e21];
    values.push(5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1e-310, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53, 2 ** 53 + 2);
    for (let i = 0; i < 20_000; i++) {
      const digits = 1 + Math.floor(next() * 9);
      const exponent = Math.floor(next() * 40) - 20;
      // A number with a few decimal digits, as scores, watts, milliseconds and dollars are.
      values.push(Number((next() * 10).toPrecision(digits)) * 10 ** exponent * (next() < 0.5 ? -1 : 1));
      values.push(Number(`${Math.floor(next() * 10 ** digits)}e${exponent}`));
      const any = randomDouble();
      if (Number.isFinite(any)) values.push(any);
      // Just either side of a power of two, where the rounding interval is lopsided.
      const power = 2 ** (Math.floor(next() * 200) - 100);
      values.push(power, power * (1 + Number.EPSILON), power * (1 - Number.EPSILON / 2));
    }
    const wrong = values.filter((value) => exactNumberJson(value) !== JSON.stringify(exactNumber(value)));
    expect(wrong.map((value) => [value, exactNumberJson(value), JSON.stringify(exactNumber(value))])).toEqual([]);
    expect(exactNumberJson(1_234_567)).toBe('"1234567"');
    expect(exactNumberJson(123.456)).toBe('123.456');
  });
});
