import * as Plot from '@observablehq/plot';
import { UNKNOWN_COLOUR, colourScale, modelColours } from '../../core/palette.ts';
import { CHART_STYLE, magnitudeAxis } from './palette.ts';

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
  /**
   * Series → colour, from the model catalogue (`modelColours` over every model of the export); by
   * default the series are coloured in sorted order.
   */
  colours?: ReadonlyMap<string, string>;
  /** Fit the y axis to the data instead of starting it at 0; the chart then says so visibly. */
  zoom?: boolean;
}

/** Plot options of the line chart: pure, so its scales can be tested without a DOM. */
export function lineChartOptions(points: readonly LinePoint[], options: LineOptions): Plot.PlotOptions {
  const data = points.filter((point): point is LinePoint & { y: number } => point.y !== null && Number.isFinite(point.y));
  const series = [...new Set(points.map((point) => point.series))];
  const colours = options.colours ?? modelColours(series);
  const axis = magnitudeAxis(
    data.map((point) => point.y),
    { zoom: options.zoom ?? false },
  );
  return {
    width: options.width ?? 460,
    height: options.height ?? 280,
    marginLeft: 60,
    marginRight: 20,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel,
    caption: axis.note ? `The y ${axis.note}.` : undefined,
    x: { label: options.xLabel, grid: true, ticks: options.xTicks },
    y: { label: options.yLabel, grid: true, percent: options.percent ?? false, zero: axis.zero },
    color: { ...colourScale(series, (name) => colours.get(name) ?? UNKNOWN_COLOUR), legend: true },
    marks: [
      Plot.line(data, { x: 'x', y: 'y', stroke: 'series', sort: 'x', strokeWidth: 2 }),
      Plot.dot(data, { x: 'x', y: 'y', fill: 'series', r: 3.5, title: (d: LinePoint) => `${d.series}: ${d.y} at ${d.x}` }),
    ],
  };
}

/**
 * One line per series with its points marked (power levels are few, so every point matters).
 * Null y values (not measured) are left out rather than drawn at 0. The y axis starts at 0: a 1%
 * change in joules must look like 1%, not like a climb.
 */
export function lineChart(points: readonly LinePoint[], options: LineOptions): SVGElement | HTMLElement {
  return Plot.plot(lineChartOptions(points, options));
}
