import * as Plot from '@observablehq/plot';
import { colourScale, failureClassColour } from '../../core/palette.ts';
import { CHART_STYLE, shortLabel } from './palette.ts';

export interface BarDatum {
  /** The failure class: names the bar and picks its colour from the catalogue. */
  label: string;
  value: number;
  /** The failure stage, shown in the tooltip. */
  group: string;
}

/** Plot options of the bar chart: pure, so its scales can be tested without a DOM. */
export function barChartOptions(rows: readonly BarDatum[], options: { xLabel: string; ariaLabel: string; width?: number }): Plot.PlotOptions {
  const data = rows;
  const labels = [...new Set(data.map((row) => row.label))];
  return {
    width: options.width ?? 560,
    height: Math.max(90, 28 * labels.length + 60),
    marginLeft: 170,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel,
    x: { label: options.xLabel, grid: true },
    y: { label: null, domain: labels, tickFormat: (label: string) => shortLabel(label, 30) },
    // Each failure class in its catalogue colour, the same as on every other page.
    color: { ...colourScale([...labels].sort(), failureClassColour), legend: false },
    marks: [Plot.barX(data, { x: 'value', y: 'label', fill: 'label', title: (d: BarDatum) => `${d.label} (${d.group}): ${d.value}` }), Plot.ruleX([0])],
  };
}

/** Horizontal bars with counts from 0, e.g. a model's failure mix by class. */
export function barChart(rows: readonly BarDatum[], options: { xLabel: string; ariaLabel: string; width?: number }): SVGElement | HTMLElement {
  return Plot.plot(barChartOptions(rows, options));
}
