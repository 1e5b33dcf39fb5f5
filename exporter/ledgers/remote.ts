import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from '../../lib/cli-error.ts';
import type { LedgerSource } from './source.ts';

/**
 * Ledgers named by URL (`--ledgers https://host/path/sweep.jsonl`): each is fetched into a local
 * cache and read from there by the normal pipeline, under its URL as its name. Ledgers are
 * append-only, so a later export asks only for the bytes after those held (`Range: bytes=N-`),
 * re-reading the last few KB it holds to check they are unchanged; an unchanged ledger costs one
 * `304` (`If-None-Match` with the ETag held). The ETag alone cannot tell an append from a rewrite
 * (it changes on both), the overlap can. Object stores are reached the same way, through a
 * pre-signed or public HTTPS URL (docs/scale.md, "Ledgers from many hosts").
 */

/** What the cache keeps beside each ledger's bytes. */
interface CacheMeta {
  url: string;
  etag: string | null;
  bytes: number;
  sha256: string;
}

export interface RemoteOptions {
  /** Cache folder (default `.cache/ledgerbench/remote`). */
  cacheDir?: string;
  /** How long to wait for headers, and between two body chunks (default 30 s). */
  timeoutMs?: number;
  /** Where "refetched whole" and similar notes go (the command sends them to stderr). */
  log?: (line: string) => void;
}

export const DEFAULT_CACHE_DIR = '.cache/ledgerbench/remote';
const DEFAULT_TIMEOUT_MS = 30_000;
/** Bytes already held that each incremental request reads again, to catch a ledger changed in place. */
const OVERLAP_BYTES = 4096;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLedgerUrl(pattern: string): boolean {
  return /^https?:\/\//i.test(pattern);
}

/**
 * The name a URL ledger goes by in index.json, verification.json and console lines: the URL
 * without its query, fragment or user info, so a pre-signed URL's signature is never written
 * anywhere and re-signing it keeps the same name and cache entry.
 */
export function ledgerUrlName(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

/** Checks a `--ledgers` URL: https anywhere, plain http only to this machine (tests, local mirrors). */
function checkedUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`--ledgers ${raw.split('?')[0]}: not a valid URL; pass https://host/path/ledger.jsonl`);
  }
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
    throw new CliError(`--ledgers ${ledgerUrlName(raw)}: plain http is allowed only for 127.0.0.1, localhost and ::1; use https://`);
  }
  return url;
}

/**
 * `source` with URL ledgers added: listing a URL fetches it into the cache (every failure one
 * CliError line, before any ledger is read) and names it; reading that name streams the cached
 * bytes. Everything else goes to `source` unchanged.
 */
export function withRemoteLedgers(source: LedgerSource, options: RemoteOptions = {}): LedgerSource {
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const held = new Map<string, string>();
  return {
    async listFiles(dir) {
      if (!isLedgerUrl(dir)) return source.listFiles(dir);
      const url = checkedUrl(dir);
      const name = ledgerUrlName(dir);
      held.set(name, await syncLedger(url, name, cacheDir, options));
      return [name];
    },
    readChunks(path) {
      const file = held.get(path);
      return file === undefined ? source.readChunks(path) : createReadStream(file, { highWaterMark: 1 << 20 });
    },
  };
}

/** Brings the cached copy of one ledger up to date; returns the cached file's path. */
async function syncLedger(url: URL, name: string, cacheDir: string, options: RemoteOptions): Promise<string> {
  await mkdir(cacheDir, { recursive: true });
  const key = createHash('sha256').update(name).digest('hex');
  const file = join(cacheDir, `${key}.jsonl`);
  const metaPath = join(cacheDir, `${key}.meta.json`);
  const log = options.log ?? (() => {});
  const meta = await heldBytes(file, metaPath, name, log);
  const fetcher = new Fetcher(url, name, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const save = (next: CacheMeta) => writeAtomic(metaPath, `${JSON.stringify(next)}\n`);
  if (meta === null) {
    await fetchWhole(fetcher, file, null, save);
    return file;
  }
  const from = Math.max(0, meta.bytes - OVERLAP_BYTES);
  const headers: Record<string, string> = { Range: `bytes=${from}-` };
  if (meta.etag !== null) headers['If-None-Match'] = meta.etag;
  const response = await fetcher.get(headers);
  if (response.status === 304) return file;
  if (response.status === 416) {
    const total = Number(/\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1] ?? Number.NaN);
    await response.body?.cancel();
    if (Number.isFinite(total) && total < meta.bytes) throw shrank(name, meta.bytes, total, file);
    log(`${name}: the server refused the range after the ${meta.bytes} bytes held; fetching it whole`);
    await fetchWhole(fetcher, file, meta, save);
    return file;
  }
  if (response.status === 200) {
    log(`${name}: the server sent the whole ledger instead of the range asked for (no Range support); taking it whole`);
    await takeWhole(fetcher, response, file, meta, save, log);
    return file;
  }
  fetcher.check(response, 206);
  const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
  const total = range?.[3] === '*' || range === null ? null : Number(range[3]);
  if (total !== null && total < meta.bytes) {
    await response.body?.cancel();
    throw shrank(name, meta.bytes, total, file);
  }
  if (range === null || Number(range[1]) !== from) {
    await response.body?.cancel();
    log(`${name}: the server answered another range than bytes=${from}-; fetching it whole`);
    await fetchWhole(fetcher, file, meta, save);
    return file;
  }
  const tail = await readTail(file, from, meta.bytes);
  const appended = await appendAfterOverlap(fetcher, response, file, tail, meta);
  if (appended === null) {
    log(`${name}: the bytes held no longer match the remote ledger (changed in place); fetching it whole`);
    await fetchWhole(fetcher, file, meta, save);
    return file;
  }
  await save({ url: name, etag: response.headers.get('etag'), bytes: appended.bytes, sha256: appended.sha256 });
  return file;
}

/** The cache entry, checked against its bytes (a killed export may have appended past the meta), or null to fetch whole. */
async function heldBytes(file: string, metaPath: string, name: string, log: (line: string) => void): Promise<CacheMeta | null> {
  const meta = await readFile(metaPath, 'utf8').then(
    (text) => JSON.parse(text) as CacheMeta,
    () => null,
  );
  if (meta === null) return null;
  const size = await stat(file).then(
    (info) => info.size,
    () => -1,
  );
  if (size > meta.bytes) await truncate(file, meta.bytes);
  if (size >= meta.bytes && (await hashFile(file, meta.bytes)).digest('hex') === meta.sha256) return meta;
  log(`${name}: the cached copy does not match its record; fetching it whole`);
  return null;
}

async function fetchWhole(fetcher: Fetcher, file: string, held: CacheMeta | null, save: (meta: CacheMeta) => Promise<void>): Promise<void> {
  const response = await fetcher.get({});
  fetcher.check(response, 200);
  await takeWhole(fetcher, response, file, held, save, () => {});
}

/**
 * A whole ledger from a 200 response: written beside the cache entry and swapped in. Against
 * bytes held: shorter is a shrunk ledger (an error: the cached copy stays); a different prefix
 * was rewritten, which is said, and the new bytes replace the old.
 */
async function takeWhole(
  fetcher: Fetcher,
  response: Response,
  file: string,
  held: CacheMeta | null,
  save: (meta: CacheMeta) => Promise<void>,
  log: (line: string) => void,
): Promise<void> {
  const part = `${file}.part`;
  const hash = createHash('sha256');
  const prefix: Hash | null = held === null ? null : createHash('sha256');
  let bytes = 0;
  const handle = await open(part, 'w');
  try {
    for await (const chunk of fetcher.body(response)) {
      if (prefix !== null && held !== null && bytes < held.bytes) prefix.update(chunk.subarray(0, held.bytes - bytes));
      hash.update(chunk);
      await handle.write(chunk);
      bytes += chunk.byteLength;
    }
  } finally {
    await handle.close();
  }
  if (held !== null && bytes < held.bytes) {
    await rm(part, { force: true });
    throw shrank(fetcher.name, held.bytes, bytes, file);
  }
  if (held !== null && prefix !== null && prefix.digest('hex') !== held.sha256) {
    log(`${fetcher.name}: the ledger was changed in place (its first ${held.bytes} bytes differ from those held); using the new bytes`);
  }
  await rename(part, file);
  await save({ url: fetcher.name, etag: response.headers.get('etag'), bytes, sha256: hash.digest('hex') });
}

/**
 * A 206 body that starts with the overlap: its first bytes must equal `tail`, the rest is
 * appended. Null when the overlap differs (nothing is appended then).
 */
async function appendAfterOverlap(
  fetcher: Fetcher,
  response: Response,
  file: string,
  tail: Uint8Array,
  meta: CacheMeta,
): Promise<{ bytes: number; sha256: string } | null> {
  const hash = await hashFile(file, meta.bytes);
  let seen = 0;
  let bytes = meta.bytes;
  const handle = await open(file, 'a');
  try {
    for await (const chunk of fetcher.body(response)) {
      let rest = chunk;
      if (seen < tail.byteLength) {
        const overlap = chunk.subarray(0, tail.byteLength - seen);
        if (Buffer.compare(overlap, tail.subarray(seen, seen + overlap.byteLength)) !== 0) {
          await fetcher.abort();
          return null;
        }
        seen += overlap.byteLength;
        rest = chunk.subarray(overlap.byteLength);
      }
      if (rest.byteLength === 0) continue;
      hash.update(rest);
      await handle.write(rest);
      bytes += rest.byteLength;
    }
  } finally {
    await handle.close();
  }
  if (seen < tail.byteLength) return null;
  return { bytes, sha256: hash.digest('hex') };
}

function shrank(name: string, held: number, now: number, file: string): CliError {
  return new CliError(
    `${name}: the remote ledger shrank from ${held} to ${now} bytes, and ledgers are append-only; the cached copy is kept ` +
      `(if the ledger was replaced on purpose, delete ${file} and export again)`,
    1,
  );
}

/** One URL's requests, with the timeout and the errors worded once. */
class Fetcher {
  private controller = new AbortController();

  constructor(
    private readonly url: URL,
    readonly name: string,
    private readonly timeoutMs: number,
  ) {}

  async get(headers: Record<string, string>): Promise<Response> {
    this.controller = new AbortController();
    const timer = setTimeout(() => this.controller.abort(), this.timeoutMs);
    try {
      return await fetch(this.url, { headers, signal: this.controller.signal, redirect: 'follow' });
    } catch (error) {
      throw this.failure(error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A response that is not the status expected: one line saying which and what to do. */
  check(response: Response, expected: number): void {
    if (response.status === expected) return;
    void response.body?.cancel();
    const hint =
      response.status === 404 || response.status === 403
        ? 'check the URL (a pre-signed URL may have expired) or leave it out of --ledgers'
        : 'try again later, or leave it out of --ledgers';
    throw new CliError(`${this.name}: HTTP ${response.status} ${response.statusText}; ${hint}`);
  }

  /** The body's chunks; a pause longer than the timeout between two is a timeout. */
  async *body(response: Response): AsyncGenerator<Uint8Array> {
    if (response.body === null) return;
    const reader = response.body.getReader();
    for (;;) {
      const timer = setTimeout(() => this.controller.abort(), this.timeoutMs);
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (error) {
        throw this.failure(error);
      } finally {
        clearTimeout(timer);
      }
      if (next.done) return;
      yield next.value;
    }
  }

  async abort(): Promise<void> {
    this.controller.abort();
  }

  private failure(error: unknown): CliError {
    if (this.controller.signal.aborted) {
      return new CliError(`${this.name}: no answer within ${this.timeoutMs / 1000} s; check the host is up, or leave it out of --ledgers`);
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    return new CliError(`${this.name}: cannot fetch the ledger (${why}); check the URL and the network, or leave it out of --ledgers`);
  }
}

/** sha256 of a file's first `bytes` bytes, left open for more. */
async function hashFile(file: string, bytes: number): Promise<Hash> {
  const hash = createHash('sha256');
  if (bytes === 0) return hash;
  for await (const chunk of createReadStream(file, { start: 0, end: bytes - 1, highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash;
}

async function readTail(file: string, from: number, to: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(to - from);
    await handle.read(buffer, 0, buffer.byteLength, from);
    return buffer;
  } finally {
    await handle.close();
  }
}

async function writeAtomic(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}
