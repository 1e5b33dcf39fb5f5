import type { FailureStageSchema } from '../schema/run-record.ts';
import type { VerdictSchema } from '../schema/surfaces/comparisons.ts';
import type { z } from 'zod';

/**
 * The one colour catalogue of the site: a failure class, a failure stage, a verdict and a model
 * each have one colour on every page and in every chart. Charts and views take colours from here
 * and pick none of their own (a class that changed colour between pages read as a different class).
 */

/**
 * Okabe & Ito's colour-blind-safe palette (Color Universal Design, 2008), with its black swapped
 * for grey so the eighth series stays visible on the dark theme.
 */
export const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#999999'] as const;

/** Paul Tol's muted scheme: the second half of the failure-class catalogue, distinct from Okabe & Ito. */
const TOL_MUTED = ['#332288', '#88CCEE', '#44AA99', '#117733', '#999933', '#DDCC77', '#CC6677', '#882255', '#AA4499'] as const;

/** Paul Tol's light scheme (less its grey): the tool-use classes, distinct from both schemes above. */
const TOL_LIGHT = ['#77AADD', '#99DDFF', '#44BBAA', '#BBCC33', '#AAAA00', '#EEDD88', '#EE8866', '#FFAABB'] as const;

/** Paul Tol's vibrant scheme (less its grey): the judge's and replay's classes, distinct from all three above. */
const TOL_VIBRANT = ['#EE7733', '#0077BB', '#33BBEE', '#EE3377', '#CC3311', '#009988'] as const;

/** Colour for anything the catalogue does not name: neutral, so an unknown never looks like a known one. */
export const UNKNOWN_COLOUR = '#BBBBBB';

type FailureStage = z.infer<typeof FailureStageSchema>;
type Verdict = z.infer<typeof VerdictSchema>;

/** Hard stages (no usable output) in warm colours, semantic in blues, constraint in purple. */
export const FAILURE_STAGE_COLOURS: Readonly<Record<FailureStage, string>> = {
  transport: OKABE_ITO[7],
  extract: OKABE_ITO[0],
  parse: OKABE_ITO[3],
  execute: OKABE_ITO[5],
  semantic: OKABE_ITO[4],
  constraint: OKABE_ITO[6],
};

/**
 * Every failure class the runner's backends, evaluators and agent loop write (runner/backends, runner/evaluators, runner/agent).
 * `integrity_violation` (a program that tampered with its grader) takes vermillion, the catalogue's
 * loudest colour; classes of one stage sit near each other in hue.
 */
export const FAILURE_CLASS_COLOURS: Readonly<Record<string, string>> = {
  integrity_violation: OKABE_ITO[5],
  // transport: the server, not the model
  connection_refused: OKABE_ITO[7],
  timeout: TOL_MUTED[4],
  stream_cut: TOL_MUTED[5],
  malformed_response: '#777777',
  model_not_found: '#DDDDDD',
  // extract and parse
  empty_response: OKABE_ITO[0],
  extraction_failed: TOL_MUTED[6],
  no_number: OKABE_ITO[3],
  invalid_json: TOL_MUTED[7],
  syntax_error: TOL_MUTED[8],
  // execute
  runtime_error: TOL_MUTED[0],
  memory_limit: OKABE_ITO[6],
  // semantic
  wrong_answer: OKABE_ITO[4],
  wrong_value: OKABE_ITO[1],
  wrong_field: TOL_MUTED[1],
  missing_field: TOL_MUTED[2],
  missing_fact: OKABE_ITO[2],
  // constraint
  too_long: TOL_MUTED[3],
  banned_term: '#EE99AA',
  // judged suites: the judge gave no grade, or graded the reply below the bar
  judge_no_grade: TOL_LIGHT[1],
  judge_rejected: TOL_VIBRANT[3],
  // replay: agreement with recorded answers, and session lines that could not be replayed
  disagrees_with_history: TOL_VIBRANT[0],
  session_missing_role: TOL_VIBRANT[1],
  session_not_json: TOL_VIBRANT[2],
  session_invalid_record: TOL_VIBRANT[4],
  session_no_answer: TOL_VIBRANT[5],
  // tool-use runs (runner/agent, runner/evaluators/agent.ts)
  forbidden_tool: TOL_LIGHT[6],
  unknown_tool: TOL_LIGHT[7],
  turn_limit: TOL_LIGHT[4],
  tool_call_flood: TOL_LIGHT[5],
  tool_arguments: TOL_LIGHT[3],
  wrong_state: TOL_LIGHT[0],
  no_agent_run: TOL_LIGHT[2],
};

/** Verdicts of a paired comparison: regressions vermillion, improvements bluish green, open ones grey. */
export const VERDICT_COLOURS: Readonly<Record<Verdict, string>> = {
  significant_regression: OKABE_ITO[5],
  significant_improvement: OKABE_ITO[2],
  non_inferior: OKABE_ITO[1],
  inconclusive: OKABE_ITO[7],
  insufficient_evidence: '#DDDDDD',
};

/** Pareto status: the frontier stands out, dominated points recede but stay visible. */
export const FRONTIER_COLOURS = { 'on frontier': OKABE_ITO[5], dominated: OKABE_ITO[4] } as const;

/** The colour of one failure class; an unknown class is neutral grey. */
export function failureClassColour(failureClass: string): string {
  return Object.hasOwn(FAILURE_CLASS_COLOURS, failureClass) ? FAILURE_CLASS_COLOURS[failureClass]! : UNKNOWN_COLOUR;
}

/** The colour of one verdict; an unknown verdict is neutral grey. */
export function verdictColour(verdict: string): string {
  return Object.hasOwn(VERDICT_COLOURS, verdict) ? VERDICT_COLOURS[verdict as Verdict] : UNKNOWN_COLOUR;
}

/**
 * Model → colour, assigned in sorted order of the model specs (`family:size`) given, so the same
 * set of models gets the same colours on every page whatever order a surface lists them in. Views
 * pass every model of the export, not only the filtered ones, so a filter never recolours a model.
 * Past eight models the palette repeats: the legend and the labels carry the name.
 */
export function modelColours(models: Iterable<string>): Map<string, string> {
  const sorted = [...new Set(models)].sort();
  return new Map(sorted.map((model, index) => [model, OKABE_ITO[index % OKABE_ITO.length]!]));
}

/** A Plot colour scale's domain and range for a list of keys and a key → colour function. */
export function colourScale(keys: Iterable<string>, colour: (key: string) => string): { domain: string[]; range: string[] } {
  const domain = [...new Set(keys)];
  return { domain, range: domain.map(colour) };
}
