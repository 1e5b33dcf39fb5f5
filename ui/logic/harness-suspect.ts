import type { HarnessSuspectReason } from '../../schema/harness-suspect.ts';
import type { HarnessSuspectCount } from '../../schema/surfaces/harness-suspects.ts';

/** Each reason in words, for a label beside a failed run. */
export const SUSPECT_REASON_WORDS: Record<HarnessSuspectReason, string> = {
  prompt_name: 'NameError for a name the prompt imports or defines',
  prompt_module: 'NameError for a module the prompt imports',
  skipped_fence: 'code in a fence the extractor skipped',
  max_tokens: 'reply cut at the token limit',
};

/** One suite's suspects, summed over reasons, for the notice on the leaderboard and models views. */
export interface SuiteSuspects {
  experiment: string;
  runs: number;
  /** `prompt_name: 12 runs (12 tasks)`, one entry a reason. */
  reasons: string[];
  models: string[];
}

/** verification.json harness_suspects → one summary a suite, most runs first. Pure. */
export function suiteSuspects(rows: readonly HarnessSuspectCount[]): SuiteSuspects[] {
  const bySuite = new Map<string, SuiteSuspects>();
  for (const row of rows) {
    const entry = bySuite.get(row.experiment) ?? { experiment: row.experiment, runs: 0, reasons: [], models: [] };
    entry.runs += row.runs;
    entry.reasons.push(
      `${SUSPECT_REASON_WORDS[row.reason]}: ${row.runs} ${row.runs === 1 ? 'run' : 'runs'} (${row.tasks} ${row.tasks === 1 ? 'task' : 'tasks'})`,
    );
    entry.models = [...new Set([...entry.models, ...row.models])].sort();
    bySuite.set(row.experiment, entry);
  }
  return [...bySuite.values()].sort((a, b) => b.runs - a.runs || a.experiment.localeCompare(b.experiment));
}
