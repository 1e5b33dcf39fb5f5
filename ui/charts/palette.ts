/** Sequential scheme for rates: cividis is designed to read the same with colour-vision deficiency. */
export const SEQUENTIAL_SCHEME = 'cividis';

/**
 * Plot's `style` for every chart: inherit the theme's text colour, no background of its own. Tick
 * labels at 13 px stay at 11 px or more when a grid cell shrinks a chart to about 85% of its size.
 */
export const CHART_STYLE = { background: 'transparent', color: 'inherit', fontSize: '13px', overflow: 'visible' } as const;

/** The words every zoomed chart shows, so a small change is never read as a steep one. */
export const NOT_ZERO_NOTE = 'axis does not start at 0';

export interface MagnitudeAxis {
  /** Plot's `zero` option: true puts 0 in the domain. */
  zero: boolean;
  /** The visible note for a zoomed axis whose domain leaves 0 out; null when 0 is on the axis. */
  note: string | null;
}

/**
 * The zero-axis rule for magnitudes (joules, tokens, milliseconds, rates): the axis starts at 0
 * unless a chart asks to zoom, and a zoomed axis that leaves 0 out is marked as such. Values on
 * both sides of 0 (differences) always show 0, zoomed or not.
 */
export function magnitudeAxis(values: readonly (number | null)[], options: { zoom?: boolean } = {}): MagnitudeAxis {
  if (!options.zoom) return { zero: true, note: null };
  const finite = values.filter((value): value is number => value !== null && Number.isFinite(value));
  const leavesZeroOut = finite.length > 0 && (finite.every((value) => value > 0) || finite.every((value) => value < 0));
  return { zero: false, note: leavesZeroOut ? NOT_ZERO_NOTE : null };
}

/** Shortens long labels (task ids, model names) for axes; the full text stays in titles and tables. */
export function shortLabel(text: string, max = 28): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
