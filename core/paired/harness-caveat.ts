import type { DiscordantSuspects } from '../../schema/surfaces/harness-suspects.ts';
import type { PairedTask } from './pairing.ts';

/**
 * From this share of suspect discordant pairs up, a verdict rests on them: at half or more, the
 * pairs the test is built on are as likely to measure the harness as the model, and dropping them
 * could reverse or erase the result.
 */
export const SUSPECT_CAVEAT_SHARE = 0.5;

/** A task's failing side involves a harness suspect when any of its failed paired runs is one. */
const involvesSuspect = (runs: readonly { passed: boolean; harness_suspect: string | null }[]) =>
  runs.some((run) => !run.passed && run.harness_suspect !== null);

/**
 * Discordant pairs that involve a suspected harness fault: b tasks (original passed) whose
 * candidate side failed on a suspect, and c tasks whose original side did. Pure.
 */
export function discordantSuspects(tasks: readonly PairedTask[]): { lost: number; won: number } {
  let lost = 0;
  let won = 0;
  for (const task of tasks) {
    if (task.originalPassed === task.candidatePassed) continue;
    if (task.originalPassed && involvesSuspect(task.pairs.map((pair) => pair.candidate))) lost++;
    if (task.candidatePassed && involvesSuspect(task.pairs.map((pair) => pair.original))) won++;
  }
  return { lost, won };
}

/**
 * The counts and, when the suspects reach SUSPECT_CAVEAT_SHARE of the discordant pairs, the
 * sentence every verdict on them must carry.
 */
export function harnessSuspects(counts: { lost: number; won: number }, originalOnly: number, candidateOnly: number): DiscordantSuspects {
  const discordant = originalOnly + candidateOnly;
  const suspects = counts.lost + counts.won;
  const rests = discordant > 0 && suspects >= SUSPECT_CAVEAT_SHARE * discordant;
  const caveat = rests
    ? `${suspects} of ${discordant} discordant pairs are suspected harness faults (b ${counts.lost} of ${originalOnly}, c ${counts.won} of ${candidateOnly}): this verdict is not evidence about the model.`
    : null;
  return { ...counts, caveat };
}
