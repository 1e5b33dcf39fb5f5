import * as Plot from '@observablehq/plot';
import { OKABE_ITO, colourScale, verdictColour } from '../../core/palette.ts';
import { CHART_STYLE } from './palette.ts';

export interface ForestRow {
  /** Unique key of the row (the y domain). */
  label: string;
  /**
   * The row header, one line each, shown in full beside the row: e.g. the original, `→ candidate`,
   * and `suite · arm`. Long model names wrap onto lines instead of being cut.
   */
  header: string[];
  delta: number;
  low: number;
  high: number;
  /** The verdict as the surface writes it (`non_inferior`); coloured from the catalogue. */
  verdict: string;
}

export interface ForestOptions {
  ariaLabel: string;
  /** The non-inferiority margin as a positive fraction (0.05 = 5 pp), or null when rows differ. */
  margin: number | null;
  width?: number;
}

const LINE_PX = 16;
const verdictText = (verdict: string) => verdict.replaceAll('_', ' ');

/** Plot options of the forest plot: pure, so its scales can be tested without a DOM. */
export function forestChartOptions(rows: readonly ForestRow[], options: ForestOptions): Plot.PlotOptions {
  const data = rows;
  const headers = new Map(rows.map((row) => [row.label, row.header.join('\n')]));
  const lines = Math.max(1, ...rows.map((row) => row.header.length));
  const longest = Math.max(10, ...rows.flatMap((row) => row.header.map((line) => line.length)));
  const extent = Math.max(0.1, ...data.flatMap((row) => [Math.abs(row.low), Math.abs(row.high)]), options.margin ?? 0);
  const marks: Plot.Markish[] = [
    Plot.ruleX([0], { stroke: 'currentColor' }),
    Plot.text(['no difference'], { x: 0, frameAnchor: 'top', dy: -14, fill: 'currentColor', fontSize: 12 }),
    Plot.ruleY(data, { x1: 'low', x2: 'high', y: 'label', stroke: 'verdict', strokeWidth: 2 }),
    Plot.dot(data, {
      x: 'delta',
      y: 'label',
      fill: 'verdict',
      r: 4.5,
      title: (d: ForestRow) =>
        `${d.header.join(' ')}: ${(d.delta * 100).toFixed(1)} pp [${(d.low * 100).toFixed(1)}, ${(d.high * 100).toFixed(1)}], ${verdictText(d.verdict)}`,
    }),
  ];
  if (options.margin !== null && options.margin > 0) {
    const margin = options.margin;
    marks.unshift(Plot.ruleX([-margin], { stroke: OKABE_ITO[5], strokeDasharray: '4,3' }));
    // The dashed line is named on the chart itself, not only in the table below it.
    marks.push(
      Plot.text([`non-inferiority margin −${(margin * 100).toFixed(1).replace(/\.0$/, '')} pp`], {
        x: -margin,
        frameAnchor: 'top',
        dy: -14,
        fill: OKABE_ITO[5],
        fontSize: 12,
        textAnchor: 'end',
        dx: -4,
      }),
    );
  }
  return {
    width: options.width ?? 820,
    height: Math.max(120, (lines * LINE_PX + 14) * data.length + 90),
    // Wide enough for the longest header line at about 7.5 px a character: nothing is cut.
    marginLeft: Math.min(420, Math.round(longest * 7.5) + 16),
    marginTop: 40,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel,
    x: { domain: [-extent * 100, extent * 100], percent: true, label: 'Candidate − original task pass rate (percentage points)', grid: true },
    y: { label: null, domain: data.map((row) => row.label), tickFormat: (label: string) => headers.get(label) ?? label },
    color: { ...colourScale([...new Set(rows.map((row) => row.verdict))].sort(), verdictColour), tickFormat: verdictText, legend: true },
    marks,
  };
}

/**
 * A forest plot of paired differences (candidate − original task pass rate) with their intervals:
 * each row headed in full by its original, candidate, suite and arm; a zero line, and the
 * non-inferiority margin as a labelled dashed line when one is set.
 */
export function forestChart(rows: readonly ForestRow[], options: ForestOptions): SVGElement | HTMLElement {
  return Plot.plot(forestChartOptions(rows, options));
}
