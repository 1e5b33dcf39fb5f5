import * as Plot from '@observablehq/plot';
import { OKABE_ITO } from '../../core/palette.ts';
import { CHART_STYLE, shortLabel } from './palette.ts';

export interface IntervalRow {
  label: string;
  value: number;
  low: number;
  high: number;
  /** Colours the points (e.g. the arm or power level). */
  group?: string;
}

export interface IntervalOptions {
  xLabel: string;
  ariaLabel: string;
  width?: number;
}

/** Horizontal interval bars: a dot at the rate and a rule across its 95% interval, one line per row. */
export function intervalChart(rows: readonly IntervalRow[], options: IntervalOptions): SVGElement | HTMLElement {
  const data = rows.map((row) => ({ ...row, group: row.group ?? '' }));
  // Sorted, so a group (an arm, a power level) keeps its colour whatever order the rows come in.
  const groups = [...new Set(data.map((row) => row.group))].sort();
  return Plot.plot({
    width: options.width ?? 640,
    height: Math.max(80, 26 * data.length + 50),
    marginLeft: 200,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel,
    x: { domain: [0, 100], percent: true, label: options.xLabel, grid: true },
    // Full labels are the domain (they are unique); only the tick text is shortened.
    y: { label: null, domain: data.map((row) => row.label), tickFormat: (label: string) => shortLabel(label, 36) },
    color: { domain: groups, range: [...OKABE_ITO], legend: groups.length > 1 },
    marks: [
      Plot.ruleY(data, { x1: 'low', x2: 'high', y: 'label', stroke: 'group', strokeWidth: 2 }),
      Plot.dot(data, {
        x: 'value',
        y: 'label',
        fill: 'group',
        r: 4,
        title: (d: (typeof data)[number]) => `${d.label}: ${(d.value * 100).toFixed(1)}% [${(d.low * 100).toFixed(1)}%, ${(d.high * 100).toFixed(1)}%]`,
      }),
    ],
  });
}
