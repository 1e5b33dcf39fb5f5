import { compareCodeUnits } from '../logic/sort.ts';
import { VIEW_TABLE, type ViewName } from './views.ts';

/**
 * The URL hash is the whole UI state: `#/<view>/<arg>/<arg>?filter=value&…`. Path segments are
 * percent-encoded one by one, so model names with `:` and `/` (`org/model:8b`) survive a round trip.
 */
export interface Route {
  /** The view named by the first path segment; the landing view (`leaderboard`) when the hash is empty. */
  view: ViewName;
  /** The decoded path segments after the view name. */
  args: string[];
  /** The decoded query: shared filters and view-local state (sort, search, page). */
  query: Record<string, string>;
  /** The first segment when it names no view, so the app can say so instead of guessing. */
  unknown?: string;
}

/** The view an empty hash shows: the per-suite leaderboard answers first. */
export const LANDING_VIEW: ViewName = 'leaderboard';

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A hand-edited hash with a stray `%` is kept as typed rather than rejected.
    return segment;
  }
}

function isView(name: string): name is ViewName {
  return VIEW_TABLE.some((entry) => entry.route === name);
}

/** Parses `location.hash` (with or without the leading `#`). */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#?\/?/, '');
  const queryAt = raw.indexOf('?');
  const pathPart = queryAt >= 0 ? raw.slice(0, queryAt) : raw;
  const queryPart = queryAt >= 0 ? raw.slice(queryAt + 1) : '';
  const segments = pathPart
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeSegment);
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(queryPart)) {
    if (value !== '') query[key] = value;
  }
  const [head, ...args] = segments;
  if (head === undefined) return { view: LANDING_VIEW, args: [], query };
  if (!isView(head)) return { view: LANDING_VIEW, args: [], query, unknown: head };
  return { view: head, args, query };
}

/** Formats a route as a hash; query keys are sorted so equal states give equal links. */
export function formatHash(route: Pick<Route, 'view' | 'args' | 'query'>): string {
  const path = [route.view, ...route.args].map((segment) => encodeURIComponent(segment)).join('/');
  const entries = Object.entries(route.query)
    .filter(([, value]) => value !== undefined && value !== '')
    .sort(([a], [b]) => compareCodeUnits(a, b));
  const query = new URLSearchParams(entries).toString();
  return `#/${path}${query ? `?${query}` : ''}`;
}

/** A link to another view that keeps the shared filters of the current route. */
export function linkTo(current: Route, view: ViewName, args: string[] = [], extra: Record<string, string> = {}): string {
  const query: Record<string, string> = {};
  for (const key of SHARED_FILTER_KEYS) {
    const value = current.query[key];
    if (value !== undefined) query[key] = value;
  }
  return formatHash({ view, args, query: { ...query, ...extra } });
}

/** The same route with some query keys set (a string) or removed (undefined). */
export function withQuery(route: Route, patch: Record<string, string | undefined>): Route {
  const query = { ...route.query };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || value === '') delete query[key];
    else query[key] = value;
  }
  return { ...route, query };
}

/** Query keys shared by every view; everything else in the query is view-local. */
export const SHARED_FILTER_KEYS = ['sweep', 'experiment', 'arm', 'power', 'gpu', 'family', 'hide_sim'] as const;

export interface Filters {
  /** The sweep ids in view (`?sweep=a,b`); undefined = every sweep. */
  sweeps?: string[];
  experiment?: string;
  arm?: string;
  /** A power level as the surfaces name it (`"80"`, `"144w"`, `"default"`). */
  power?: string;
  /** A GPU name, or `none` for runs without one. */
  gpu?: string;
  family?: string;
  hideSimulated: boolean;
}

export function filtersFromQuery(query: Record<string, string>): Filters {
  return {
    sweeps: parseSweeps(query.sweep),
    experiment: query.experiment,
    arm: query.arm,
    power: query.power,
    gpu: query.gpu,
    family: query.family,
    hideSimulated: query.hide_sim === '1',
  };
}

/**
 * `?sweep=` → the sweep ids in view: comma-separated, each percent-encoded (so an id with a comma
 * survives), sorted and distinct, so equal selections give equal links. Empty means every sweep.
 */
export function parseSweeps(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = [
    ...new Set(
      value
        .split(',')
        .map(decodeSegment)
        .filter((id) => id !== ''),
    ),
  ].sort(compareCodeUnits);
  return ids.length === 0 ? undefined : ids;
}

/** The sweep ids as the `?sweep=` value; undefined (the key removed) for every sweep. */
export function formatSweeps(ids: readonly string[] | undefined): string | undefined {
  if (ids === undefined || ids.length === 0) return undefined;
  return [...new Set(ids)]
    .sort(compareCodeUnits)
    .map((id) => id.replaceAll('%', '%25').replaceAll(',', '%2C'))
    .join(',');
}

/**
 * A relative URL to a file in data/, each path segment encoded (the manifest's paths are data
 * too). A path with an empty, `.` or `..` segment is encoded whole, as one segment, so it can
 * only miss (404), never climb out of data/.
 */
export function rawDataHref(file: string): string {
  const segments = file.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) return `data/${encodeURIComponent(file)}`;
  return `data/${segments.map((segment) => encodeURIComponent(segment)).join('/')}`;
}

/** One comparison row's identity, as the verdict and pair routes carry it. */
export interface ComparisonKey {
  original: string;
  candidate: string;
  experiment: string;
  arm: string;
  originalPowerLevel: string;
  candidatePowerLevel: string;
}

/** The route key of a comparisons.json row (its field names, camel-cased). */
export function comparisonKeyOf(row: {
  original: string;
  candidate: string;
  experiment: string;
  arm: string;
  original_power_level: string;
  candidate_power_level: string;
}): ComparisonKey {
  return {
    original: row.original,
    candidate: row.candidate,
    experiment: row.experiment,
    arm: row.arm,
    originalPowerLevel: row.original_power_level,
    candidatePowerLevel: row.candidate_power_level,
  };
}

/** `#/verdict/<original>/<candidate>/<suite>/<arm>/<original power>/<candidate power>` path arguments. */
export function comparisonArgs(key: ComparisonKey): string[] {
  return [key.original, key.candidate, key.experiment, key.arm, key.originalPowerLevel, key.candidatePowerLevel];
}

/** The comparison named by a route's first six arguments; null when one is missing or empty. */
export function parseComparisonArgs(args: readonly string[]): ComparisonKey | null {
  const [original, candidate, experiment, arm, originalPowerLevel, candidatePowerLevel] = args;
  const parts = [original, candidate, experiment, arm, originalPowerLevel, candidatePowerLevel];
  if (parts.some((part) => part === undefined || part === '')) return null;
  return {
    original: original!,
    candidate: candidate!,
    experiment: experiment!,
    arm: arm!,
    originalPowerLevel: originalPowerLevel!,
    candidatePowerLevel: candidatePowerLevel!,
  };
}

/** `#/pair/<six comparison arguments>/<task id>`: one discordant task of a comparison, side by side. */
export function pairArgs(key: ComparisonKey, taskId: string): string[] {
  return [...comparisonArgs(key), taskId];
}

/** The comparison and task of a pair route; the task id is the rest of the path (an unencoded `/` in a hand-typed hash stays in it). */
export function parsePairArgs(args: readonly string[]): { key: ComparisonKey; taskId: string } | null {
  const key = parseComparisonArgs(args);
  const taskId = args.slice(6).join('/');
  return key === null || taskId === '' ? null : { key, taskId };
}
