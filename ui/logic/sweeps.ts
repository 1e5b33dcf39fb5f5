import type { SweepRow } from '../../schema/surfaces/sweeps.ts';

/** `sweep-a · 2026-11-20 · host-1 (simulated)`: the id, its first day, its hosts, and the simulated flag. */
export function sweepLabel(sweep: SweepRow): string {
  const day = sweep.first_recorded_at.slice(0, 10);
  const hosts = sweep.hosts.length > 2 ? `${sweep.hosts.slice(0, 2).join(', ')} +${sweep.hosts.length - 2}` : sweep.hosts.join(', ');
  return `${sweep.sweep_id} · ${day} · ${hosts}${sweep.simulated ? ' (simulated)' : ''}`;
}

/**
 * The sweeps a selection shows: every sweep when none is selected. Ids that name no sweep of
 * this export (a stale link) are returned apart, so the page can say so instead of showing nothing.
 */
export function sweepsInView(sweeps: readonly SweepRow[], selected: readonly string[] | undefined): { shown: SweepRow[]; unknown: string[] } {
  if (selected === undefined) return { shown: [...sweeps], unknown: [] };
  const known = new Set(sweeps.map((sweep) => sweep.sweep_id));
  return { shown: sweeps.filter((sweep) => selected.includes(sweep.sweep_id)), unknown: selected.filter((id) => !known.has(id)) };
}
