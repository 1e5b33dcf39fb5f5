import * as Plot from '@observablehq/plot';
import { CHART_STYLE, OKABE_ITO } from './palette.ts';

export interface LinePoint {
  series: string;
  x: number;
  y: number | null;
}

export interface LineOptions {
  xLabel: string;
  yLabel: string;
  ariaLabel: string;
  /** Format y as a percentage (y in 0..1). */
  percent?: boolean;
  width?: number;
  height?: number;
  /** Explicit x ticks, e.g. the integer k values of pass@k. */
  xTicks?: number[];
}

/**
 * One line per series with its points marked (power levels are few, so every point matters).
 * Null y values (not measured) are left out rather than drawn at 0.
 */
export function lineChart(points: readonly LinePoint[], options: LineOptions): SVGElement | HTMLElement {
  const data = points.filter((point): point is LinePoint & { y: number } => point.y !== null && Number.isFinite(point.y));
  const series = [...new Set(points.map((point) => point.series))];
  return Plot.plot({
    width: options.width ?? 460,
    height: options.height ?? 280,
    marginLeft: 56,
    marginRight: 20,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel,
    x: { label: options.xLabel, grid: true, ticks: options.xTicks },
    y: { label: options.yLabel, grid: true, percent: options.percent ?? false, zero: options.percent ?? false },
    color: { domain: series, range: [...OKABE_ITO], legend: true },
    marks: [
      Plot.line(data, { x: 'x', y: 'y', stroke: 'series', sort: 'x', strokeWidth: 2 }),
      Plot.dot(data, { x: 'x', y: 'y', fill: 'series', r: 3.5, title: (d: LinePoint) => `${d.series}: ${d.y} at ${d.x}` }),
    ],
  });
}
