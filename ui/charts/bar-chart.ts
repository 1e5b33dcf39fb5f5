import * as Plot from '@observablehq/plot';
import { CHART_STYLE, OKABE_ITO, shortLabel } from './palette.ts';

export interface BarDatum {
  label: string;
  value: number;
  /** Stacks and colours the bars (e.g. the failure stage). */
  group: string;
}

/** Horizontal stacked bars with counts, e.g. a model's failure mix by class and stage. */
export function barChart(rows: readonly BarDatum[], options: { xLabel: string; ariaLabel: string; width?: number }): SVGElement | HTMLElement {
  const data = rows;
  const labels = [...new Set(data.map((row) => row.label))];
  const groups = [...new Set(data.map((row) => row.group))].sort();
  return Plot.plot({
    width: options.width ?? 560,
    height: Math.max(90, 28 * labels.length + 60),
    marginLeft: 170,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel,
    x: { label: options.xLabel, grid: true },
    y: { label: null, domain: labels, tickFormat: (label: string) => shortLabel(label, 30) },
    color: { domain: groups, range: [...OKABE_ITO], legend: true },
    marks: [Plot.barX(data, { x: 'value', y: 'label', fill: 'group', title: (d: BarDatum) => `${d.label} (${d.group}): ${d.value}` }), Plot.ruleX([0])],
  });
}
