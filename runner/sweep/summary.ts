import { TRANSPORT_EXIT } from './outage.ts';

/** Counts a sweep keeps as it goes, for its summary and exit code. */
export interface SweepTally {
  planned: number;
  /** Planned runs in the ledger's final picture: earlier sessions' and this one's. */
  done: number;
  /** Records this session appended. */
  written: number;
  passed: number;
  failed: number;
  /** Of the failed: no answer after the retries. */
  transport: number;
  /** Of the written: retries of a run whose standing record was a transport failure. */
  retried: number;
  /** Planned runs whose standing record is a transport failure: not answered, so not model results. */
  transportLeft: number;
  /** Why the sweep stopped early for an outage (a failed warm-up, N transport failures in a row), or null. */
  outage: string | null;
  /** Stopped by SIGINT/SIGTERM before the plan was done. */
  interrupted: boolean;
  /** Watts the GPU limit was restored to; null: not confirmed; undefined: no limit was ever changed. */
  restoredW: number | null | undefined;
}

/** The closing lines of a sweep (pure): what was written, what is left, the power limit, how to resume. */
export function summaryLines(sweepId: string, ledger: string, tally: SweepTally, resumeCommand: string): string[] {
  const remaining = tally.planned - tally.done;
  const retried = tally.retried > 0 ? `, ${tally.retried} of them retries` : '';
  const lines = [
    `sweep ${sweepId}: ${tally.written} written (${tally.passed} passed, ${tally.failed} failed, ${tally.transport} transport${retried}), ` +
      `${tally.done}/${tally.planned} planned runs in ${ledger}, ${remaining} remaining; ${powerText(tally.restoredW)}`,
  ];
  if (tally.outage !== null) {
    lines.push(`stopped early: ${tally.outage}; the server looks down or unusable, so ${remaining} runs were not made (exit ${TRANSPORT_EXIT})`);
  } else if (tally.interrupted) lines.push(`interrupted: ${remaining} runs not made`);
  if (tally.transportLeft > 0) lines.push(...transportLines(tally.transportLeft, remaining > 0 ? null : resumeCommand));
  if (remaining > 0) lines.push(`resume with: ${resumeCommand}`);
  return lines;
}

/** What to say about runs that stand as transport failures; the retry command unless a resume line follows. */
export function transportLines(count: number, retryCommand: string | null): string[] {
  const lines = [`${count} planned run${count === 1 ? '' : 's'} ended in a transport failure: not answered, so not model results (exit ${TRANSPORT_EXIT})`];
  if (retryCommand !== null) lines.push(`retry them with: ${retryCommand}`);
  return lines;
}

function powerText(restoredW: number | null | undefined): string {
  if (restoredW === undefined) return 'power limit untouched';
  if (restoredW === null) return 'power limit NOT confirmed restored: check nvidia-smi -q -d POWER';
  return `power limit restored to ${restoredW} W`;
}
