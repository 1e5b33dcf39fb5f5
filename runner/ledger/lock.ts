import { closeSync, openSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { CliError } from '../../lib/cli-error.ts';
import { sha256Hex } from '../../lib/hash.ts';

/** A held sweep lock; `release()` gives it up and removes the lock file (safe to call twice). */
export interface SweepLock {
  release(): void;
}

export interface LockRequest {
  /** The ledger the lock guards: its real path names the lock, so every way of reaching it agrees. */
  ledgerPath: string;
  /** `<sweep_id>.lock` beside the ledger: who holds it, for the message a second process prints. */
  lockFile: string;
  /** Injected by tests to exercise the fallback; defaults to `process.platform`. */
  platform?: NodeJS.Platform;
}

/**
 * Makes sure one process at a time appends to a sweep's ledger: a second `--resume` while the
 * sweep still runs would otherwise make the same runs twice.
 *
 * On Linux the lock is a listening unix socket in the abstract namespace, named after the
 * ledger's real path. bind(2) on a taken name fails with EADDRINUSE, so exactly one process wins
 * a race; the kernel frees the name when the holder's last descriptor closes — on any exit, even
 * SIGKILL, and before the dead process is reaped, so a zombie never blocks. No pid is ever
 * consulted, so a reused pid cannot block a resume either. The lock file only tells a person who
 * holds it. Scope: one host and one network namespace (abstract names are per namespace).
 */
export async function acquireSweepLock(request: LockRequest): Promise<SweepLock> {
  const platform = request.platform ?? process.platform;
  if (platform !== 'linux') return acquireFileLock(request.lockFile, platform);
  const address = lockAddress(request.ledgerPath);
  let server: Server | null = null;
  for (const waitMs of BUSY_RETRY_MS) {
    const outcome = await listenOn(address);
    if (typeof outcome !== 'string') {
      server = outcome;
      break;
    }
    if (outcome !== 'EADDRINUSE')
      throw new CliError(`${request.lockFile}: cannot take the sweep lock (abstract unix socket: ${outcome}); run where unix sockets are allowed`);
    if (waitMs === null) throw new CliError(`${request.lockFile}: ${heldBy(request.lockFile)}; wait for it to finish or stop it, then resume`);
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
  // The lock must never keep the process alive on its own.
  server!.unref();
  writeOwner(request.lockFile);
  return releaser(request.lockFile, server);
}

/**
 * Waits between tries while the name is taken. A holder killed a moment ago frees the name only
 * once its last thread is gone, a few milliseconds after the kill; a resume started right then
 * must not be refused. A live holder is still reported within half a second.
 */
const BUSY_RETRY_MS = [20, 40, 80, 160, null] as const;

/** A server listening on `address`, or the errno code that refused it. */
function listenOn(address: string): Promise<Server | string> {
  const server = createServer((socket) => socket.destroy());
  return new Promise((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? String(error)));
    server.listen({ path: address, exclusive: true }, () => {
      server.removeAllListeners('error');
      resolve(server);
    });
  });
}

/** The abstract socket name for a ledger: `\0ledgerbench:` + sha256 of its real path. */
export function lockAddress(ledgerPath: string): string {
  // The ledger itself may not exist yet (a new sweep takes the lock first); its folder does.
  const real = join(realpathSync(dirname(ledgerPath)), basename(ledgerPath));
  return `\0ledgerbench:${sha256Hex(real)}`;
}

function releaser(lockFile: string, server: Server | null): SweepLock {
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      // The file goes first, while the lock is still ours: a new holder's file is never removed.
      rmSync(lockFile, { force: true });
      server?.close();
    },
  };
}

/** Who holds the lock, as its file says; the file is written just after the lock is taken, so it may lag. */
function heldBy(lockFile: string): string {
  try {
    const owner = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid?: unknown; host?: unknown; started_at?: unknown };
    return `this sweep is being run by process ${String(owner.pid)} on ${String(owner.host)} since ${String(owner.started_at)}`;
  } catch {
    return 'this sweep is being run by another process';
  }
}

function ownerText(): string {
  return `${JSON.stringify({ pid: process.pid, host: hostname(), started_at: new Date().toISOString() })}\n`;
}

/** Written whole (temporary file, then rename), so a reader never sees half of it. */
function writeOwner(lockFile: string): void {
  const temporary = `${lockFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, ownerText());
    renameSync(temporary, lockFile);
  } catch {
    // The file is only a message: the lock itself is already held.
    rmSync(temporary, { force: true });
  }
}

/**
 * Where abstract sockets do not exist (macOS, Windows): an exclusive create of the lock file.
 * Still never two holders, but a lock left by a crash stays until a person removes it — no pid
 * check decides for them, since a pid may have been reused by an unrelated process.
 */
function acquireFileLock(lockFile: string, platform: NodeJS.Platform): SweepLock {
  let fd: number;
  try {
    fd = openSync(lockFile, 'wx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    if (code !== 'EEXIST') throw new CliError(`${lockFile}: cannot create the sweep lock (${code})`);
    throw new CliError(
      `${lockFile}: ${heldBy(lockFile)}; on ${platform} a lock left by a crash is not cleared by itself: if that process is gone, delete ${lockFile} and resume`,
    );
  }
  try {
    writeSync(fd, ownerText());
  } finally {
    closeSync(fd);
  }
  return releaser(lockFile, null);
}
