/** Counts a sweep keeps as it goes, for its summary and exit code. */
export interface SweepTally {
  planned: number;
  /** Planned runs in the ledger: earlier sessions' and this one's. */
  done: number;
  /** Records this session appended. */
  written: number;
  passed: number;
  failed: number;
  /** Of the failed: no answer after the retries. */
  transport: number;
  /** Stopped by SIGINT/SIGTERM before the plan was done. */
  interrupted: boolean;
  /** Watts the GPU limit was restored to; null: not confirmed; undefined: no limit was ever changed. */
  restoredW: number | null | undefined;
}

/** The closing lines of a sweep (pure): what was written, what is left, the power limit, how to resume. */
export function summaryLines(sweepId: string, ledger: string, tally: SweepTally, resumeCommand: string): string[] {
  const remaining = tally.planned - tally.done;
  const lines = [
    `sweep ${sweepId}: ${tally.written} written (${tally.passed} passed, ${tally.failed} failed, ${tally.transport} transport), ` +
      `${tally.done}/${tally.planned} planned runs in ${ledger}, ${remaining} remaining; ${powerText(tally.restoredW)}`,
  ];
  if (tally.interrupted) lines.push(`interrupted: ${remaining} runs not made`);
  if (remaining > 0) lines.push(`resume with: ${resumeCommand}`);
  return lines;
}

function powerText(restoredW: number | null | undefined): string {
  if (restoredW === undefined) return 'power limit untouched';
  if (restoredW === null) return 'power limit NOT confirmed restored: check nvidia-smi -q -d POWER';
  return `power limit restored to ${restoredW} W`;
}
