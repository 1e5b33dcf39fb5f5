import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHash } from '../../../ui/state/route.ts';
import { NAV_VIEWS, VIEW_TABLE, navEntryOf } from '../../../ui/state/views.ts';

const VIEW_FILES = readdirSync(new URL('../../../ui/views/', import.meta.url)).filter((file) => /^lb-.*-view\.ts$/.test(file));

describe('the view table', () => {
  it('has one row per view element, each file named after its tag', () => {
    expect(VIEW_TABLE.map((entry) => `${entry.element}.ts`).sort()).toEqual([...VIEW_FILES].sort());
    expect(new Set(VIEW_TABLE.map((entry) => entry.route)).size).toBe(VIEW_TABLE.length);
  });

  it('routes every row and lists only argument-free views in the navigation', () => {
    for (const entry of VIEW_TABLE) expect(parseHash(`#/${entry.route}`).view).toBe(entry.route);
    expect(NAV_VIEWS.map((entry) => entry.title)).toEqual([
      'Leaderboard',
      'Models',
      'Tasks',
      'Heatmap',
      'Power',
      'Failures',
      'Pareto',
      'Comparisons',
      'Dual scoring',
      'pass@k',
      'Re-scoring',
      'Judge reliability',
      'SQL',
      'Raw JSON',
    ]);
    expect(navEntryOf('model')).toBe('models');
    expect(navEntryOf('task')).toBe('tasks');
    expect(navEntryOf('power')).toBe('power');
  });
});
