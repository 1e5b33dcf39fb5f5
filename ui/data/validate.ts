import type { z } from 'zod';

/** The command that writes every surface from the ledgers. */
const EXPORT_COMMAND = 'bash run_me.sh (or npx ledgerbench export)';

/** A surface that could not be used: the message names the file and the command that makes it. */
export class SurfaceError extends Error {
  readonly file: string;
  readonly kind: 'missing' | 'invalid';
  constructor(file: string, kind: 'missing' | 'invalid', message: string) {
    super(message);
    this.name = 'SurfaceError';
    this.file = file;
    this.kind = kind;
  }
}

function issuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : `${text === '' ? '' : '.'}${String(part)}`;
  return text === '' ? '(top level)' : text;
}

export function missingError(file: string, detail: string): SurfaceError {
  return new SurfaceError(file, 'missing', `data/${file} is missing (${detail}): build data/ with ${EXPORT_COMMAND}, then reload.`);
}

/**
 * Parses a surface with its schema. The first issue is reported with its path, e.g.
 * `data/model_rankings.json: rows[3].pass_rate: expected number`, and the fix.
 */
export function validateSurface<Schema extends z.ZodType>(file: string, schema: Schema, json: unknown): z.infer<Schema> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue ? `${issuePath(issue.path)}: ${issue.message}` : 'does not match its schema';
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problems)` : '';
  return failInvalid(file, `${where}${more}`);
}

function failInvalid(file: string, detail: string): never {
  throw new SurfaceError(file, 'invalid', `data/${file}: ${detail}. It does not match this site's schema: rebuild data/ with ${EXPORT_COMMAND}, then reload.`);
}

/** Parses a response body as JSON, reporting HTML (a server's fallback page) as a missing file. */
export function parseJsonBody(file: string, body: string): unknown {
  if (/^\s*</.test(body)) throw missingError(file, 'the server answered with a web page, not JSON');
  try {
    return JSON.parse(body);
  } catch (error) {
    return failInvalid(file, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}
