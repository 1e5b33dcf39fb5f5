import * as Plot from '@observablehq/plot';
import { OKABE_ITO } from '../../core/palette.ts';
import { CHART_STYLE } from './palette.ts';

/** A histogram of one per-run measurement (output tokens, wall time). */
export function histogramChart(values: readonly number[], options: { xLabel: string; ariaLabel: string; width?: number }): SVGElement | HTMLElement {
  return Plot.plot({
    width: options.width ?? 420,
    height: 220,
    marginLeft: 48,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel,
    // Counts and magnitudes from 0 (the zero-axis rule, ui/charts/palette.ts).
    x: { label: options.xLabel, zero: true },
    y: { label: 'Runs', grid: true },
    marks: [Plot.rectY(values, { ...Plot.binX({ y: 'count' }, { x: (d: number) => d, thresholds: 20 }), fill: OKABE_ITO[4] }), Plot.ruleY([0])],
  });
}

/** One dot per task for a per-task mean (tokens, milliseconds): the spread across tasks at a glance. */
export function stripChart(
  values: readonly { label: string; value: number }[],
  options: { xLabel: string; ariaLabel: string; width?: number },
): SVGElement | HTMLElement {
  return Plot.plot({
    width: options.width ?? 420,
    height: 110,
    marginLeft: 20,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel,
    x: { label: options.xLabel, grid: true, zero: true },
    marks: [
      Plot.dotX(values, {
        x: 'value',
        fill: OKABE_ITO[1],
        fillOpacity: 0.8,
        r: 4,
        title: (d: { label: string; value: number }) => `${d.label}: ${d.value.toFixed(0)}`,
      }),
    ],
  });
}
