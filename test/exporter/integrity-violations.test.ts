import { describe, expect, it } from 'vitest';
import { runExport } from '../../exporter/export.ts';
import { VerificationSchema } from '../../schema/surfaces/verification.ts';
import { FIXTURES, memoryEffects, outputJson, readFixtureFolder } from './memory-effects.ts';

// The hand ledger with three of alpha's runs turned into tampering caught by the grader.
function tamperedLedgers(): Map<string, Uint8Array> {
  const files = readFixtureFolder(`${FIXTURES}hand`, 'ledgers');
  const tampered = new Map<string, Uint8Array>();
  let changed = 0;
  for (const [name, bytes] of files) {
    const lines = new TextDecoder()
      .decode(bytes)
      .split('\n')
      .map((line) => {
        if (line.trim() === '' || changed >= 3) return line;
        const record = JSON.parse(line);
        if (record.model.name !== 'alpha:7b' || record.power_limit.request !== '100') return line;
        changed++;
        record.evaluation = { ...record.evaluation, score: 0, passed: false };
        record.failure = { stage: 'execute', class: 'integrity_violation', message: 'tampering with the grader: builtins.exec was replaced' };
        return JSON.stringify(record);
      });
    tampered.set(name, new TextEncoder().encode(lines.join('\n')));
  }
  expect(changed).toBe(3);
  return tampered;
}

describe('verification.json integrity_violations', () => {
  it('counts runs and distinct tasks per model and experiment that tampered with the grader', async () => {
    const effects = memoryEffects(tamperedLedgers());
    const { exitCode } = await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: true }, effects);
    expect(exitCode).toBe(0);
    const verification = VerificationSchema.parse(outputJson(effects, 'verification.json'));
    expect(verification.integrity_violations).toHaveLength(1);
    const row = verification.integrity_violations[0]!;
    expect(row).toMatchObject({ model: 'alpha:7b', experiment: 'arith', runs: 3 });
    expect(row.tasks).toBeGreaterThanOrEqual(1);
    expect(row.representative_run_ids.every((id) => id.startsWith('hand-alpha-100-'))).toBe(true);
  });

  it('is empty when no run tampered', async () => {
    const effects = memoryEffects(readFixtureFolder(`${FIXTURES}hand`, 'ledgers'));
    await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: true }, effects);
    expect(outputJson(effects, 'verification.json').integrity_violations).toEqual([]);
  });
});
