import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The host directories that stage a run's files. Each is named after its owner, the process that
 * made it, as `lb-sandbox-<pid>-<start time>-<random>`: the pid alone could be reused, the pair of
 * pid and kernel start time (field 22 of /proc/PID/stat) cannot. A dir whose owner is gone is stale
 * (a SIGKILLed runner cannot clean up) and is removed at the next start; a live owner's never is.
 */

const WORKDIR_PREFIX = 'lb-sandbox-';

const live = new Set<string>();
let exitHooked = false;
let swept: Promise<string[]> | undefined;

/** The owner encoded in a workdir's name, or null for a name this module did not make. */
export function parseOwner(name: string): { pid: number; start: string } | null {
  const match = /^lb-sandbox-(\d+)-(\d+)-[A-Za-z0-9]+$/.exec(name);
  return match ? { pid: Number(match[1]), start: match[2]! } : null;
}

/**
 * The kernel start time of a running process, or null when it does not exist or is a zombie (a
 * zombie runs nothing: its sandbox children were killed when it died).
 */
export function processStart(pid: number | 'self'): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // comm (field 2) may hold spaces and parentheses: count fields from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return null;
  return fields[19] ?? null;
}

/** True when `name`'s owner is certainly gone; false for a live owner or a name we cannot judge. */
export function ownerIsDead(name: string, startOf: (pid: number) => string | null = processStart): boolean {
  const owner = parseOwner(name);
  if (!owner) return false;
  return startOf(owner.pid) !== owner.start;
}

/** Removes the stale workdirs under `root`; returns the names removed. Errors are not fatal. */
export async function sweepStaleWorkdirs(root: string = tmpdir()): Promise<string[]> {
  // Without /proc no owner can be checked, so nothing is judged stale.
  if (processStart('self') === null) return [];
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return [];
  }
  const stale = names.filter((name) => name.startsWith(WORKDIR_PREFIX) && ownerIsDead(name));
  await Promise.all(stale.map((name) => rm(path.join(root, name), { recursive: true, force: true }).catch(() => undefined)));
  return stale;
}

/**
 * A fresh workdir owned by this process, removed by `removeWorkdir` or, at the latest, when the
 * process exits (also through `process.exit`). The first call also sweeps stale ones.
 */
export async function createWorkdir(root: string = tmpdir()): Promise<string> {
  swept ??= sweepStaleWorkdirs(root);
  await swept;
  if (!exitHooked) {
    exitHooked = true;
    // 'exit' handlers must be synchronous; a death by signal skips them, which the sweep covers.
    process.on('exit', () => {
      for (const dir of live) rmSync(dir, { recursive: true, force: true });
    });
  }
  const dir = await mkdtemp(path.join(root, `${WORKDIR_PREFIX}${process.pid}-${processStart('self') ?? '0'}-`));
  live.add(dir);
  return dir;
}

export async function removeWorkdir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  live.delete(dir);
}
