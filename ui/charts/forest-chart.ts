import * as Plot from '@observablehq/plot';
import { CHART_STYLE, OKABE_ITO, shortLabel } from './palette.ts';

export interface ForestRow {
  label: string;
  delta: number;
  low: number;
  high: number;
  verdict: string;
}

/**
 * A forest plot of paired differences (candidate − original task pass rate) with their intervals, a
 * zero line, and the non-inferiority margin as a dashed line when one is set.
 */
export function forestChart(rows: readonly ForestRow[], options: { ariaLabel: string; margin: number | null; width?: number }): SVGElement | HTMLElement {
  const data = rows;
  const verdicts = [...new Set(data.map((row) => row.verdict))];
  const extent = Math.max(0.1, ...data.flatMap((row) => [Math.abs(row.low), Math.abs(row.high)]), options.margin ?? 0);
  const marks: Plot.Markish[] = [
    Plot.ruleX([0], { stroke: 'currentColor' }),
    Plot.ruleY(data, { x1: 'low', x2: 'high', y: 'label', stroke: 'verdict', strokeWidth: 2 }),
    Plot.dot(data, {
      x: 'delta',
      y: 'label',
      fill: 'verdict',
      r: 4.5,
      title: (d: ForestRow) => `${d.label}: ${(d.delta * 100).toFixed(1)} pp [${(d.low * 100).toFixed(1)}, ${(d.high * 100).toFixed(1)}]`,
    }),
  ];
  if (options.margin !== null && options.margin > 0) marks.unshift(Plot.ruleX([-options.margin], { stroke: OKABE_ITO[5], strokeDasharray: '4,3' }));
  return Plot.plot({
    width: options.width ?? 780,
    height: Math.max(100, 30 * data.length + 60),
    marginLeft: 380,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel,
    x: { domain: [-extent * 100, extent * 100], percent: true, label: 'Candidate − original task pass rate (percentage points)', grid: true },
    y: { label: null, domain: data.map((row) => row.label), tickFormat: (label: string) => shortLabel(label, 60) },
    color: { domain: verdicts, range: [...OKABE_ITO], legend: true },
    marks,
  });
}
