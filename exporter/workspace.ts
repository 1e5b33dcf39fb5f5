import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Who owns a temporary folder: `<pid>-<start>`, the process id and its start time in clock ticks
 * since boot (/proc/PID/stat, field 22). The start time tells a live owner from a later process
 * that reuses its pid; a zombie counts as dead (it will never clean up).
 */
export function ownerTag(pid = process.pid): string {
  return `${pid}-${startTimeOf(pid) ?? '0'}`;
}

function startTimeOf(pid: number): string | null {
  const stat = procStat(pid);
  return stat === null ? null : (stat[19] ?? null);
}

/** Fields of /proc/PID/stat after the `(comm)` field (state first), or null without one. */
function procStat(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Whether the process a tag names still runs (same pid, same start time, not a zombie). */
export function ownerAlive(tag: string): boolean {
  const match = /^(\d+)-(\d+)$/.exec(tag);
  if (match === null) return true;
  const pid = Number(match[1]);
  const hasProc = procStat(process.pid) !== null;
  if (hasProc) {
    const stat = procStat(pid);
    if (stat === null || stat[0] === 'Z') return false;
    return match[2] === '0' || stat[19] === match[2];
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const PREFIX = 'ledgerbench-export.';

/**
 * Removes `<folder>/<prefix><tag>[.*]` entries whose owner is dead: what an export killed with
 * SIGKILL left behind. Returns the names removed. Folders of live exports are left alone.
 */
export function removeStale(folder: string, prefix: string, keep: (name: string) => boolean = () => false): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || keep(name)) continue;
    const tag = /^(\d+-\d+)(?:\.|$)/.exec(name.slice(prefix.length))?.[1];
    if (tag === undefined || ownerAlive(tag)) continue;
    rmSync(join(folder, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

const cleanups = new Set<() => void>();
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

function onTerminate(signal: keyof typeof EXIT_CODES): void {
  for (const run of [...cleanups]) {
    try {
      run();
    } catch {
      // Cleaning up is best effort on the way out; the next export removes what is left.
    }
  }
  process.exit(EXIT_CODES[signal]);
}

/**
 * Runs `cleanup` (synchronous) if SIGINT or SIGTERM arrives before the returned function is called;
 * then the process exits as the signal would have it (128 + signal number). The handlers are
 * installed only while some cleanup is pending, so the default behaviour returns afterwards.
 */
export function onSignal(cleanup: () => void): () => void {
  if (cleanups.size === 0) for (const signal of Object.keys(EXIT_CODES) as (keyof typeof EXIT_CODES)[]) process.on(signal, onTerminate);
  cleanups.add(cleanup);
  return () => {
    if (!cleanups.delete(cleanup) || cleanups.size > 0) return;
    for (const signal of Object.keys(EXIT_CODES) as (keyof typeof EXIT_CODES)[]) process.off(signal, onTerminate);
  };
}

/** The export's temporary folder (DuckDB's CSV hand-off, its spill files, the record store). */
export interface Workspace {
  folder: string;
  /** Removes the folder; safe to call twice. */
  remove(): void;
}

/**
 * Creates `$TMPDIR/ledgerbench-export.<owner>.XXXXXX`, first removing any such folder whose owner
 * died without cleaning up; removed on `remove()` and on SIGINT/SIGTERM.
 */
export function createWorkspace(root = tmpdir()): Workspace {
  removeStale(root, PREFIX);
  const folder = mkdtempSync(join(root, `${PREFIX}${ownerTag()}.`));
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    rmSync(folder, { recursive: true, force: true });
  };
  const forget = onSignal(remove);
  return {
    folder,
    remove() {
      forget();
      remove();
    },
  };
}
