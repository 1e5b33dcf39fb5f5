import type { ExportEffects } from '../exporter/export.ts';
import type { SurfaceDefinition } from '../exporter/surfaces/registry.ts';

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/**
 * Phase ends seen from outside the export: the load ends when the first surface starts building;
 * a surface, the run shards and the pairs files (their last file each), runs.parquet and index.json
 * end when written. The pairs files come before every surface (one pass over the runs also feeds
 * comparisons.json), so their phase holds the load too. `surfaces` and `output` wrap what the
 * export is given, so the export itself is unchanged.
 */
export function phaseClock(start: bigint) {
  const ends: { phase: string; at: number; rss: number }[] = [];
  const now = (phase: string) => ({ phase, at: seconds(start), rss: process.memoryUsage().rss / 1e6 });
  const groups = [
    { prefix: 'runs/', name: 'run shards' },
    { prefix: 'comparison_pairs/', name: 'pairs files' },
  ];
  // The group being written (shards or pairs files), its file count and the end of its last file.
  let open: { group: (typeof groups)[number]; files: number; last: { phase: string; at: number; rss: number } } | null = null;
  const flush = () => {
    if (open !== null) ends.push(open.last);
    open = null;
  };
  const timed = (surface: SurfaceDefinition): SurfaceDefinition['build'] => {
    return async (context) => {
      flush();
      if (ends.length === 0) ends.push(now('load'));
      return surface.build(context);
    };
  };
  const wrote = (path: string) => {
    const group = groups.find((g) => path.startsWith(g.prefix));
    if (group === undefined) {
      flush();
      ends.push(now(path));
      return;
    }
    if (open !== null && open.group !== group) flush();
    const files = (open?.files ?? 0) + 1;
    open = { group, files, last: now(`${ends.length === 0 ? 'load + ' : ''}${group.name} (${files})`) };
  };
  return {
    /** The surfaces, each builder timed. */
    surfaces: (list: readonly SurfaceDefinition[]) => list.map((surface) => ({ ...surface, build: timed(surface) })),
    /** The output, each written file noticed. */
    output<Output extends Pick<ExportEffects, 'writeFile'>>(output: Output): Output {
      const writeFile = (path: string, data: string | Uint8Array) => {
        wrote(path);
        return output.writeFile(path, data);
      };
      return { ...output, writeFile };
    },
    print() {
      let previous = 0;
      for (const end of ends) {
        console.log(
          `  phase ${end.phase.padEnd(24)} ends ${end.at.toFixed(2).padStart(7)} s (+${(end.at - previous).toFixed(2)} s), RSS ${end.rss.toFixed(0)} MB`,
        );
        previous = end.at;
      }
    },
  };
}
