/**
 * How a task's repeats fold into one outcome on one side of a paired comparison. The exporter's
 * pairing (core/paired/pairing.ts) and the site's side-by-side of a discordant task
 * (ui/logic/task-pair.ts) both use it, so a task the surface lists as lost reads as lost there.
 */
export const OUTCOME_RULE = 'majority of paired repeats (ties fail)';

/** A task passes on a side when more than half of its paired runs passed: ties fail, so a coin flip is not a pass. */
export function majorityPassed(outcomes: readonly boolean[]): boolean {
  const passes = outcomes.filter(Boolean).length;
  return passes * 2 > outcomes.length;
}
