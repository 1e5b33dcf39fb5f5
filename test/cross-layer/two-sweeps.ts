/**
 * The paired fixture is one sweep; these tests need two. Every other record moves to a second
 * sweep, and the first few records are recorded again, later, in the second sweep with the
 * opposite outcome, so a task's samples span sweeps and the latest-record rule has something to
 * supersede (in the whole export, not in an export of the first sweep alone).
 */
export const FIRST = 'paired-fixture';
export const SECOND = 'paired-fixture-b';
export const AGAIN = 4;

export type FixtureRecord = Record<string, unknown> & { sweep_id: string; evaluation: { passed: boolean; score: number } };

/** The fixture ledger's records, split over two sweeps as described above. */
export function twoSweepRecords(ledger: string): FixtureRecord[] {
  const records = ledger
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as FixtureRecord);
  const moved = records.map((record, index) => (index % 2 === 1 ? { ...record, sweep_id: SECOND } : record));
  const again = records.slice(0, AGAIN).map((record) => ({
    ...record,
    run_id: `${String(record.run_id)}-again`,
    sweep_id: SECOND,
    recorded_at: '2026-03-09T09:00:00.000Z',
    evaluation: { ...record.evaluation, passed: !record.evaluation.passed, score: record.evaluation.passed ? 0 : 1 },
    failure: record.evaluation.passed ? { stage: 'semantic', class: 'wrong_answer', message: 'recorded again, failed' } : null,
  }));
  return [...moved, ...again];
}

/** Records as a ledger's text. */
export const ledgerText = (records: readonly FixtureRecord[]) => `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;
