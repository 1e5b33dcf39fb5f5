import { describe, expect, it } from 'vitest';
import { lineChartOptions, type LinePoint } from '../../../ui/charts/line-chart.ts';
import { CHART_STYLE, NOT_ZERO_NOTE, magnitudeAxis } from '../../../ui/charts/palette.ts';
import { paretoTree } from '../../../ui/charts/pareto-chart.ts';
import type { SvgNode } from '../../../ui/charts/dot-bar-chart.ts';

// Joules per run of the power curve that read as a steep climb on an axis from 180.5 J.
const joules: LinePoint[] = [
  { series: 'sim:large', x: 150, y: 180.5 },
  { series: 'sim:large', x: 200, y: 181.4 },
  { series: 'sim:large', x: 250, y: 182.3 },
];
const lineOptions = { xLabel: 'Applied power limit (W)', yLabel: 'Energy per run (J/run)', ariaLabel: 'a' };
const yScale = (options: ReturnType<typeof lineChartOptions>) => options.y as { zero: boolean; label: string };

describe('the zero-axis rule', () => {
  it('starts a magnitude axis at 0 unless a chart asks to zoom', () => {
    expect(magnitudeAxis([180.5, 182.3])).toEqual({ zero: true, note: null });
    expect(magnitudeAxis([180.5, 182.3], { zoom: true })).toEqual({ zero: false, note: NOT_ZERO_NOTE });
  });

  it('marks nothing when a zoomed axis still holds 0, or has no values', () => {
    expect(magnitudeAxis([-0.2, 0.3], { zoom: true }).note).toBeNull();
    expect(magnitudeAxis([0, 4], { zoom: true }).note).toBeNull();
    expect(magnitudeAxis([null], { zoom: true }).note).toBeNull();
    expect(magnitudeAxis([-3, -1], { zoom: true }).note).toBe(NOT_ZERO_NOTE);
  });

  it('draws the power curve from 0 J by default, with no note', () => {
    const options = lineChartOptions(joules, lineOptions);
    expect(yScale(options).zero).toBe(true);
    expect(options.caption).toBeUndefined();
  });

  it('says visibly that a zoomed power curve does not start at 0', () => {
    const options = lineChartOptions(joules, { ...lineOptions, zoom: true });
    expect(yScale(options).zero).toBe(false);
    expect(String(options.caption)).toContain(NOT_ZERO_NOTE);
  });

  it('puts 0 on the cost axis of the Pareto chart', () => {
    const point = {
      model: 'm',
      arm: 'plain',
      power_level: 'default',
      run_pass_rate: 0.5,
      run_pass_rate_ci_low: 0.4,
      run_pass_rate_ci_high: 0.6,
      on_frontier: true,
      simulated: false,
    };
    const tree = paretoTree(
      [
        { ...point, x: 180.5 },
        { ...point, x: 182.3 },
      ],
      { xLabel: 'J/run', xUnit: 'J/run', ariaLabel: 'a' },
    );
    const axes = tree.children.find((child): child is SvgNode => typeof child !== 'string' && child.attrs.class === 'axes')!;
    const labels = axes.children
      .filter((c): c is SvgNode => typeof c !== 'string' && c.tag === 'text' && c.attrs['text-anchor'] === 'middle')
      .map((c) => c.children[0]);
    expect(labels[0]).toBe('0');
  });

  it('draws tick labels at 13 px, 11 px or more when a grid cell shrinks a 370 px power chart to 320 px', () => {
    expect(Number.parseFloat(CHART_STYLE.fontSize) * (320 / 370)).toBeGreaterThanOrEqual(11);
  });
});
