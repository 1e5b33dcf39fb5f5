/**
 * Okabe & Ito's colour-blind-safe palette (Color Universal Design, 2008), with its black swapped
 * for grey so the eighth series stays visible on the dark theme.
 */
export const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#999999'] as const;

/** Sequential scheme for rates: cividis is designed to read the same with colour-vision deficiency. */
export const SEQUENTIAL_SCHEME = 'cividis';

/** Plot's `style` for every chart: inherit the theme's text colour, no background of its own. */
export const CHART_STYLE = { background: 'transparent', color: 'inherit', fontSize: '12px', overflow: 'visible' } as const;

/** Shortens long labels (task ids, model names) for axes; the full text stays in titles and tables. */
export function shortLabel(text: string, max = 28): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
