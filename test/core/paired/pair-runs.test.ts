import { describe, expect, it } from 'vitest';
import { decodePairRuns, encodePairRun } from '../../../core/paired/pair-runs.ts';
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
});
