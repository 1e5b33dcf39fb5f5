import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { z } from 'zod';
import { CliError } from '../../lib/cli-error.ts';
import { sha256Hex } from '../../lib/hash.ts';

/**
 * Where a standard dataset's bytes come from: a local `.jsonl`/`.jsonl.gz`, or an http(s) URL
 * downloaded once into a cache folder and re-used after. The only module here with side effects.
 */

export interface SourceOptions {
  /** Expected sha256 of the file's bytes (as published, before gunzip). */
  sha256?: string;
  cacheDir: string;
  /** The sweep's stop signal: a stop aborts a download in flight. */
  stop?: AbortSignal;
}

/** The bytes of a dataset and how to name it in messages. */
export interface DatasetBytes {
  /** The source as the user gave it: messages say `label:line`. */
  label: string;
  bytes: Buffer;
  sha256: string;
}

const isUrl = (source: string) => /^https?:\/\//i.test(source);

function checkSha(bytes: Buffer, expected: string | undefined, where: string): string {
  const actual = sha256Hex(bytes);
  if (expected !== undefined && actual !== expected.toLowerCase()) {
    throw new CliError(`${where}: sha256 mismatch: expected ${expected.toLowerCase()}, got ${actual}`);
  }
  return actual;
}

async function download(url: string, options: SourceOptions): Promise<DatasetBytes> {
  const name = `${sha256Hex(url)}${/\.jsonl\.gz$/i.test(new URL(url).pathname) ? '.jsonl.gz' : '.jsonl'}`;
  const cached = path.join(options.cacheDir, name);
  if (existsSync(cached)) {
    const bytes = readFileSync(cached);
    const sha256 = checkSha(bytes, options.sha256, `${cached} (cached from ${url}; delete it to download again)`);
    return { label: url, bytes, sha256 };
  }
  let response: Response;
  try {
    response = await fetch(url, options.stop ? { signal: options.stop } : {});
  } catch (error) {
    if (options.stop?.aborted) throw error;
    const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new CliError(`cannot download ${url}: ${reason}; check the address or pass a local file`);
  }
  if (!response.ok) throw new CliError(`cannot download ${url}: HTTP ${response.status}; check the address`);
  const bytes = Buffer.from(await response.arrayBuffer());
  options.stop?.throwIfAborted();
  const sha256 = checkSha(bytes, options.sha256, url);
  // Write then rename, so an interrupted download never leaves a half file that looks cached.
  mkdirSync(options.cacheDir, { recursive: true });
  const partial = `${cached}.${process.pid}.partial`;
  writeFileSync(partial, bytes);
  try {
    renameSync(partial, cached);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return { label: url, bytes, sha256 };
}

/** Reads (or downloads) a dataset file and checks its sha256 when one is given. */
export async function readDatasetBytes(source: string, options: SourceOptions): Promise<DatasetBytes> {
  if (isUrl(source)) return download(source, options);
  if (!/\.jsonl(\.gz)?$/i.test(source)) {
    throw new CliError(`${source}: expected a .jsonl or .jsonl.gz dataset file`);
  }
  if (!existsSync(source)) throw new CliError(`${source}: dataset file not found; check the path`);
  const bytes = readFileSync(source);
  return { label: source, bytes, sha256: checkSha(bytes, options.sha256, source) };
}

/** One validated JSONL row with its 1-based line number. */
export interface DatasetRow<T> {
  line: number;
  row: T;
}

/**
 * Gunzips when the bytes are gzip (by magic number, whatever the name), then parses every
 * non-blank line and validates it; the first bad line is one CliError naming `label:line` and the field.
 */
export function parseJsonl<S extends z.ZodType>(data: DatasetBytes, schema: S): Array<DatasetRow<z.output<S>>> {
  let text: string;
  try {
    const gzipped = data.bytes.length >= 2 && data.bytes[0] === 0x1f && data.bytes[1] === 0x8b;
    text = (gzipped ? gunzipSync(data.bytes) : data.bytes).toString('utf8');
  } catch (error) {
    throw new CliError(`${data.label}: not a readable gzip file (${error instanceof Error ? error.message : String(error)})`);
  }
  const rows: Array<DatasetRow<z.output<S>>> = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new CliError(`${data.label}:${line}: not a JSON object; expected one JSON object a line (JSONL)`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(line)';
      throw new CliError(`${data.label}:${line}: ${field}: ${issue.message}`);
    }
    rows.push({ line, row: parsed.data });
  });
  if (rows.length === 0) throw new CliError(`${data.label}: no rows; expected one JSON object a line`);
  return rows;
}
