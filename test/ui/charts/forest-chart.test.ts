import { describe, expect, it } from 'vitest';
import { forestChartOptions, type ForestRow } from '../../../ui/charts/forest-chart.ts';

// Two rows whose labels once read the same once cut: `…sim:large @ 100% of default → sim:me…`.
const rows: ForestRow[] = ['sim:medium', 'sim:medium-instruct'].map((candidate, index) => ({
  label: `humaneval · plain · sim:large @ 100% of default → ${candidate} @ 100% of default`,
  header: ['sim:large @ 100% of default', `→ ${candidate} @ 100% of default`, `humaneval · plain ${index}`],
  delta: -0.02,
  low: -0.08,
  high: 0.04,
  verdict: 'inconclusive',
}));

type TextMark = { data?: unknown };
const texts = (options: ReturnType<typeof forestChartOptions>) =>
  (options.marks as TextMark[]).flatMap((mark) => (Array.isArray(mark.data) ? mark.data : [])).filter((datum): datum is string => typeof datum === 'string');

describe('forest chart', () => {
  it('heads each row with its original, candidate, suite and arm in full, one part a line', () => {
    const options = forestChartOptions(rows, { ariaLabel: 'a', margin: 0.05 });
    const tick = (options.y as { tickFormat: (label: string) => string }).tickFormat;
    expect(tick(rows[1]!.label)).toBe('sim:large @ 100% of default\n→ sim:medium-instruct @ 100% of default\nhumaneval · plain 1');
    expect(tick(rows[0]!.label)).not.toContain('…');
    // The left margin fits the longest header line (38 characters) at about 7.5 px each.
    expect(options.marginLeft).toBeGreaterThanOrEqual(38 * 7.5);
  });

  it('labels the non-inferiority margin line and the zero line', () => {
    expect(texts(forestChartOptions(rows, { ariaLabel: 'a', margin: 0.05 }))).toEqual(['no difference', 'non-inferiority margin −5 pp']);
    expect(texts(forestChartOptions(rows, { ariaLabel: 'a', margin: null }))).toEqual(['no difference']);
  });
});
