import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { CliError } from '../../lib/cli-error.ts';
import { sha256Hex } from '../../lib/hash.ts';
import { parseJsonl, type DatasetRow } from '../datasets/source.ts';

/** One file given to `ledgerbench import`, read whole: its bytes are hashed for stable run ids. */
export interface SourceFile {
  /** The path as the user gave it: every error line names it. */
  label: string;
  /** The file name alone, as origin.source_file records it (keys, never absolute paths). */
  name: string;
  bytes: Buffer;
  sha256: string;
  /** Modification time (ISO-8601): the only clock a format without timestamps offers. */
  modifiedAt: string;
}

export function readSourceFile(file: string): SourceFile {
  if (!existsSync(file)) throw new CliError(`${file}: file not found; check the PATH arguments`);
  if (!statSync(file).isFile()) throw new CliError(`${file}: not a file; import takes result files, not folders`);
  const bytes = readFileSync(file);
  return { label: file, name: path.basename(file), bytes, sha256: sha256Hex(bytes), modifiedAt: statSync(file).mtime.toISOString() };
}

/** Every line of a JSONL source, validated by `schema`; the first bad one is a located CliError. */
export function jsonlRows<S extends z.ZodType>(source: SourceFile, schema: S): Array<DatasetRow<z.output<S>>> {
  return parseJsonl({ label: source.label, bytes: source.bytes, sha256: source.sha256 }, schema);
}

/** A whole-file JSON source validated by `schema`; the first issue names the file and its path inside. */
export function jsonDocument<S extends z.ZodType>(source: SourceFile, schema: S, what: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(source.bytes.toString('utf8'));
  } catch {
    throw new CliError(`${source.label}: not JSON; expected ${what}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(`${source.label}: ${issue.path.map(String).join('.') || '(document)'}: ${issue.message} (expected ${what})`);
  }
  return parsed.data;
}
