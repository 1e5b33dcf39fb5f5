import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { AcceptedLine, JudgedLine } from './batch.ts';
import { isLedgerUrl } from './remote.ts';

/**
 * The export cache (docs/decisions/0008-export-cache.md): per ledger, the judged lines of the bytes
 * an earlier export already read, so a rebuild judges only what was appended since. An entry is
 * trusted only when the ledger still starts with exactly those bytes (same length reached, same
 * sha256) and the judging code is the same build; anything else reads the ledger whole.
 *
 * Layout of the folder: `<key>.json` (the entry, written to a temporary name and renamed, so a
 * killed export leaves the old entry or none) and `<key>-<id>.lines` / `.records` / `.rows`
 * (immutable segments: judged lines as short JSON arrays, the accepted records' normalised text,
 * and their `runs` rows as CSV, which DuckDB reads itself on replay: exporter/duckdb.ts).
 */
const FORMAT = 'ledgerbench.export-cache/2';

export type SegmentFile = 'lines' | 'records' | 'rows';
const SEGMENT_FILES: readonly SegmentFile[] = ['lines', 'records', 'rows'];

/** Appends cached as separate segments before a ledger is re-read whole, which compacts it. */
export const MAX_SEGMENTS = 32;

export interface SegmentRef {
  id: string;
  lines: number;
  linesBytes: number;
  recordBytes: number;
  rowsBytes: number;
}

export interface CacheEntry {
  format: string;
  judge: string;
  /** The ledger as the export was given it, and resolved. */
  displayPath: string;
  absolutePath: string;
  /** Bytes of the ledger the segments cover (always ending at a newline), its lines, their sha256. */
  bytes: number;
  lines: number;
  sha256: string;
  segments: SegmentRef[];
}

/** Where the cached prefix of a ledger ends: what the next entry records. */
export interface Boundary {
  bytes: number;
  lines: number;
  sha256: string;
}

export interface LedgerCache {
  folder: string;
  /** Says (on stderr, from the command) why the cache could not serve a ledger. */
  note(line: string): void;
  /** The ledger's entry when it can be used as far as the cache alone can tell; otherwise null, with a note why. */
  lookup(displayPath: string): CacheEntry | null;
  /** Where one of the segment's files is (`records` and `rows` are read in place). */
  segmentFile(segment: SegmentRef, displayPath: string, file: SegmentFile): string;
  /** The segment's judged lines, in order, a few thousand at a time. */
  replay(segment: SegmentRef, displayPath: string): AsyncGenerator<JudgedLine[]>;
  startSegment(displayPath: string): SegmentWriter;
  /** Removes a ledger's entry and segments. */
  drop(displayPath: string): void;
  /** Publishes a ledger's new entry and removes the segments no entry uses any more. */
  commit(displayPath: string, boundary: Boundary, segments: SegmentRef[]): void;
  /**
   * Removes the entries of ledgers that no longer exist on disk, with a note for those under `root`
   * (the folder this export read): the rest belong to other exports and go quietly.
   */
  sweep(root: string): void;
}

/** The source files whose behaviour decides a judged line; a change to any of them invalidates the cache. */
const JUDGE_SOURCES = ['../../schema', '../../core', '../../lib', '.', '../sql/runs_table.sql', '../../node_modules/zod/package.json'];

function judgeVersion(): string {
  const hash = createHash('sha256');
  const add = (path: string) => {
    const info = statSync(path, { throwIfNoEntry: false });
    if (info === undefined) return;
    if (info.isDirectory()) {
      for (const name of readdirSync(path).sort()) add(join(path, name));
    } else {
      hash.update(`${path}\n`);
      hash.update(readFileSync(path));
    }
  };
  for (const source of JUDGE_SOURCES) add(new URL(source, import.meta.url).pathname);
  return hash.digest('hex');
}

const keyOf = (absolutePath: string) => createHash('sha256').update(absolutePath).digest('hex').slice(0, 32);

/** Opens (creating) the cache folder; `note` receives one line per ledger the cache cannot serve, and why. */
export function openLedgerCache(folder: string, note: (line: string) => void): LedgerCache {
  mkdirSync(folder, { recursive: true });
  const judge = judgeVersion();
  let noted = false;
  const entryPath = (key: string) => join(folder, `${key}.json`);
  const segmentPath = (key: string, id: string, kind: SegmentFile) => join(folder, `${key}-${id}.${kind}`);
  const sizes = (s: SegmentRef): Record<SegmentFile, number> => ({ lines: s.linesBytes, records: s.recordBytes, rows: s.rowsBytes });

  const readEntry = (key: string): CacheEntry | null => {
    try {
      return JSON.parse(readFileSync(entryPath(key), 'utf8')) as CacheEntry;
    } catch {
      return null;
    }
  };

  const removeKey = (key: string) => {
    for (const name of readdirSync(folder)) if (name.startsWith(key)) rmSync(join(folder, name), { force: true });
  };

  const sizeOf = (path: string) => {
    try {
      return statSync(path).size;
    } catch {
      return -1;
    }
  };

  return {
    folder,
    note,
    lookup(displayPath) {
      const absolutePath = resolve(displayPath);
      const entry = readEntry(keyOf(absolutePath));
      if (entry === null) return null;
      if (entry.format !== FORMAT || entry.judge !== judge) {
        // One line for the whole cache: every entry was written by the same other build.
        if (!noted) note(`cache: ${folder} was written by a different exporter build; reading every ledger whole`);
        noted = true;
        return null;
      }
      const key = keyOf(absolutePath);
      const broken = entry.segments.find((s) => SEGMENT_FILES.some((file) => sizeOf(segmentPath(key, s.id, file)) !== sizes(s)[file]));
      if (broken !== undefined) {
        note(`cache: ${displayPath}: cached segment ${broken.id} is missing or damaged; reading the ledger whole`);
        return null;
      }
      if (entry.segments.length >= MAX_SEGMENTS) {
        note(`cache: ${displayPath}: ${entry.segments.length} appends cached separately; reading the ledger whole to compact them`);
        return null;
      }
      return entry;
    },
    segmentFile: (segment, displayPath, file) => segmentPath(keyOf(resolve(displayPath)), segment.id, file),
    replay: (segment, displayPath) => replaySegment(segmentPath(keyOf(resolve(displayPath)), segment.id, 'lines')),
    startSegment(displayPath) {
      const key = keyOf(resolve(displayPath));
      const id = randomBytes(8).toString('hex');
      return new SegmentWriter(id, (file) => segmentPath(key, id, file), note);
    },
    drop: (displayPath) => removeKey(keyOf(resolve(displayPath))),
    commit(displayPath, boundary, segments) {
      const absolutePath = resolve(displayPath);
      const key = keyOf(absolutePath);
      const entry: CacheEntry = { format: FORMAT, judge, displayPath, absolutePath, ...boundary, segments };
      const temporary = join(folder, `${key}-${randomBytes(8).toString('hex')}.tmp`);
      writeWhole(temporary, Buffer.from(`${JSON.stringify(entry)}\n`));
      renameSync(temporary, entryPath(key));
      const keep = new Set(segments.flatMap((s) => SEGMENT_FILES.map((file) => `${key}-${s.id}.${file}`)));
      for (const name of readdirSync(folder)) {
        if (name.startsWith(`${key}-`) && !keep.has(name)) rmSync(join(folder, name), { force: true });
      }
    },
    sweep(root) {
      const inside = `${resolve(root)}${sep}`;
      for (const name of readdirSync(folder).sort()) {
        if (!/^[0-9a-f]{32}\.json$/.test(name)) continue;
        const key = name.slice(0, 32);
        const entry = readEntry(key);
        // A URL ledger is no file here: its bytes live in the remote cache (./remote.ts), which keeps them.
        if (entry === null || isLedgerUrl(entry.displayPath) || existsSync(entry.absolutePath)) continue;
        if (entry.absolutePath.startsWith(inside)) note(`cache: ${entry.displayPath} is gone since the last export; dropped from the cache`);
        removeKey(key);
      }
    },
  };
}

function writeWhole(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    let done = 0;
    while (done < bytes.byteLength) done += writeSync(fd, bytes, done, bytes.byteLength - done);
  } finally {
    closeSync(fd);
  }
}

/** Null in a judged line's cached form. */
const NONE = -1;

/**
 * Writes one segment: each judged line as a JSON array on its own line (accepted lines start with
 * their number, rejected ones with "r"; a prompt or success text is written once, as an "s" line,
 * and referred to by number), the accepted records' text one after another, and their `runs` rows
 * as CSV ending in line, byte_offset (from the segment's first record) and byte_length: no
 * ledger_index, which depends on the export, not the line.
 */
export class SegmentWriter {
  private readonly fds = new Map<SegmentFile, number>();
  private lines = 0;
  private readonly bytes: Record<SegmentFile, number> = { lines: 0, records: 0, rows: 0 };
  private readonly strings = new Map<string, number>();
  /** Set when a write failed (a full disk): the segment is dropped and the export goes on without it. */
  broken = false;

  constructor(
    readonly id: string,
    private readonly pathOf: (file: SegmentFile) => string,
    private readonly note: (line: string) => void,
  ) {}

  /** A batch's judged lines, with its records' text as the batch laid it out (offsets from its start). */
  add(lines: readonly JudgedLine[], records: Uint8Array): void {
    if (this.broken) return;
    try {
      this.write(lines, records);
    } catch (error) {
      this.broken = true;
      this.discard();
      const why = (error as NodeJS.ErrnoException).code ?? String(error);
      this.note(`cache: cannot write ${this.pathOf('lines')} (${why}); this export goes on without caching the ledger`);
    }
  }

  private write(lines: readonly JudgedLine[], records: Uint8Array): void {
    let text = '';
    let rows = '';
    const intern = (value: string | null) => {
      if (value === null) return NONE;
      let index = this.strings.get(value);
      if (index === undefined) {
        index = this.strings.size;
        this.strings.set(value, index);
        text += `${JSON.stringify(['s', value])}\n`;
      }
      return index;
    };
    for (const line of lines) {
      if (!line.ok) {
        text += `${JSON.stringify(['r', line.line, line.kind, line.reason, line.runId])}\n`;
        continue;
      }
      const offset = this.bytes.records + line.jsonOffset;
      rows += `${withoutLedgerIndex(line.csv)},${offset},${line.jsonBytes}\n`;
      const fields = [line.line, line.runId, line.attempt, line.simulated, offset, line.jsonBytes];
      // Interned first: interning may itself append an "s" line, which must come before this one.
      const texts = [intern(line.prompt), intern(line.success)];
      text += `${JSON.stringify([...fields, line.experiment, line.taskId, line.taskHash, line.arm, ...texts])}\n`;
    }
    this.lines += lines.length;
    this.append('lines', Buffer.from(text));
    this.append('records', records);
    this.append('rows', Buffer.from(rows));
  }

  private append(file: SegmentFile, bytes: Uint8Array): void {
    let fd = this.fds.get(file);
    if (fd === undefined) {
      fd = openSync(this.pathOf(file), 'w');
      this.fds.set(file, fd);
    }
    writeAll(fd, bytes);
    this.bytes[file] += bytes.byteLength;
  }

  /** Closes the files; null when nothing was added (no files were made) or a write failed. */
  finish(): SegmentRef | null {
    this.close();
    if (this.lines === 0 || this.broken) return null;
    const { lines, records, rows } = this.bytes;
    return { id: this.id, lines: this.lines, linesBytes: lines, recordBytes: records, rowsBytes: rows };
  }

  discard(): void {
    this.close();
    for (const file of SEGMENT_FILES) rmSync(this.pathOf(file), { force: true });
  }

  private close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.byteLength) done += writeSync(fd, bytes, done, bytes.byteLength - done);
}

/** A `runs` CSV row (ending in ledger_index, line) without ledger_index: it depends on the export, not the line. */
function withoutLedgerIndex(csv: string): string {
  const line = csv.lastIndexOf(',');
  return csv.slice(0, csv.lastIndexOf(',', line - 1)) + csv.slice(line);
}

const REPLAY_LINES = 4096;

async function* replaySegment(path: string): AsyncGenerator<JudgedLine[]> {
  const strings: string[] = [];
  let out: JudgedLine[] = [];
  let carry = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = carry + (chunk as string);
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      const fields = JSON.parse(text.slice(start, newline)) as unknown[];
      start = newline + 1;
      if (fields[0] === 's') strings.push(fields[1] as string);
      else out.push(fields[0] === 'r' ? rejectedLine(fields) : acceptedLine(fields, strings));
      if (out.length >= REPLAY_LINES) {
        yield out;
        out = [];
      }
    }
    carry = text.slice(start);
  }
  if (carry.length > 0) throw new Error(`${path}: cached segment ends mid-line`);
  if (out.length > 0) yield out;
}

function rejectedLine(fields: unknown[]): JudgedLine {
  const [, line, kind, reason, runId] = fields as [string, number, Exclude<JudgedLine, AcceptedLine>['kind'], string, string | null];
  return { ok: false, line, kind, reason, runId };
}

function acceptedLine(fields: unknown[], strings: readonly string[]): AcceptedLine {
  const [line, runId, attempt, simulated, jsonOffset, jsonBytes, experiment, taskId, taskHash, arm, prompt, success] = fields as [
    number,
    string,
    number,
    boolean,
    number,
    number,
    string,
    string,
    string,
    string,
    number,
    number,
  ];
  // No `csv`: a replayed line's row reaches DuckDB from the segment's rows file (exporter/ledgers/load.ts).
  // The texts are looked up inline: a closure a line costs more than the lookup under tsx (keepNames).
  return {
    ok: true,
    line,
    runId,
    attempt,
    simulated,
    csv: '',
    jsonOffset,
    jsonBytes,
    experiment,
    taskId,
    taskHash,
    arm,
    prompt: prompt === NONE ? null : strings[prompt]!,
    success: success === NONE ? null : strings[success]!,
  };
}
