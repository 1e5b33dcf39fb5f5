import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase, type Database } from '../../../exporter/duckdb.ts';
import { canonicalJson } from '../../../exporter/ledgers/canonical.ts';
import { flattenRecord } from '../../../exporter/ledgers/flatten.ts';
import { validateLine } from '../../../exporter/ledgers/validate.ts';
import { compileRecordCheck } from '../../../schema/run-record-check.ts';
import { BOUNDS, RunRecordSchema, type RunRecord } from '../../../schema/run-record.ts';
import { refinementPaths } from '../../../schema/run-record-json-schema.ts';
import { runRecordCheckSql } from '../../../schema/run-record-sql.ts';
import { makeRunRecord } from '../../fixtures/make-run-record.ts';

// The checks generated from the zod schema may send to zod lines it accepts, never pass one it
// rejects: the DuckDB predicate (schema/run-record-sql.ts) and the loader's fast path
// (schema/run-record-check.ts), which must also be certain zod returns the value unchanged.
// Checked over every ledger-shaped line the repository holds and over mutations of valid records:
// every leaf and object changed, removed, retyped, pushed past a bound.

const ROOT = new URL('../../../', import.meta.url).pathname;

function jsonlFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.jsonl'))
    .map((entry) => join((entry as { parentPath?: string }).parentPath ?? entry.path, entry.name))
    .sort();
}

function corpusLines(): string[] {
  const lines: string[] = [];
  for (const file of [...jsonlFiles('test'), ...jsonlFiles('ledgers/demo')]) {
    for (const line of readFileSync(file, 'utf8').split('\n')) lines.push(line.endsWith('\r') ? line.slice(0, -1) : line);
  }
  return lines;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Every path to a value inside `value`, the root excluded; of an array, only the first and last
 * items (the rest have the same shape, and a long transcript would multiply the mutations).
 */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const keys: (string | number)[] = Array.isArray(value) ? [...new Set([0, value.length - 1])].filter((i) => i >= 0) : Object.keys(value);
  return keys.flatMap((key) => [[...prefix, key], ...paths((value as Record<string, Json>)[key as string]!, [...prefix, key])]);
}

function withValue(record: Json, path: (string | number)[], change: (parent: Record<string | number, Json>, key: string | number) => void): string {
  const copy = structuredClone(record) as Record<string | number, Json>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  change(parent, path.at(-1)!);
  return JSON.stringify(copy);
}

/** Replacements for a value, by what it is: wrong types for each, bounds for strings and numbers. */
const WRONG_TYPES: Json[] = [null, true, 'x', 0, [], {}];
const REPLACEMENTS: Record<string, Json[]> = {
  string: [
    '',
    'x'.repeat(BOUNDS.fieldChars + 1),
    // Over the bound in UTF-8 bytes but not in UTF-16 code units: zod accepts, SQL may flag.
    'é'.repeat(BOUNDS.fieldChars - 1),
    '🙂'.repeat(BOUNDS.fieldChars / 2 + 1),
  ],
  number: [-1, 1.5, 0.5, 2 ** 31, 1e12, Number.MAX_SAFE_INTEGER + 2, -0],
  boolean: [],
  object: [[null], { extra: 1 }],
};

/** Structural mutations of one valid record, as text. */
function mutations(record: Json): string[] {
  const out: string[] = [];
  for (const path of paths(record)) {
    out.push(withValue(record, path, (parent, key) => (Array.isArray(parent) ? parent.splice(key as number, 1) : delete parent[key])));
    const current = path.reduce<Json>((value, key) => (value as Record<string | number, Json>)[key]!, record);
    const kind = current === null || Array.isArray(current) ? 'object' : typeof current;
    for (const value of [...WRONG_TYPES, ...(REPLACEMENTS[kind] ?? [])]) out.push(withValue(record, path, (parent, key) => (parent[key] = value)));
  }
  const text = JSON.stringify(record);
  // What DuckDB's JSON reader accepts and JSON.parse does not, and a key given twice (JSON.parse keeps the last).
  out.push(`${text.slice(0, -1)},}`, text.replace(/:(\d+(\.\d+)?)/, ':NaN'), text.replace(/:(\d+(\.\d+)?)/, ':-Infinity'), text.replace(/\]/, ',]'));
  out.push(text.replace(/^\{/, '{"repeat":-1,'), text.replace(/"name":/, '"name":5,"name":'));
  out.push(text.replace(/"text":"/, '"text":"\\ud800'), text.replace(/"run_id":"/, '"run_id":"\\udc00\\ud800'));
  out.push(text.replace('"Z"', '"z"').replace(/T(\d\d):/, 'T25:'), text.replace(/"recorded_at":"[^"]*"/, '"recorded_at":"2026-02-30T10:00:00Z"'));
  return out;
}

/** Valid records of every shape in the corpus (one per set of paths), plus refinement edge cases. */
function seedRecords(valid: Json[]): Json[] {
  const shapes = new Map<string, Json>();
  for (const record of valid) {
    const shape = paths(record)
      .map((path) => path.map((key) => (typeof key === 'number' ? '[]' : key)).join('.'))
      .filter((path, index, all) => all.indexOf(path) === index)
      .join(' ');
    const known = shapes.get(shape);
    // The shortest record of each shape: the same paths, fewer bytes to mutate.
    if (known === undefined || JSON.stringify(record).length < JSON.stringify(known).length) shapes.set(shape, record);
  }
  const base = makeRunRecord({}) as unknown as Json;
  const refined = [
    makeRunRecord({ shard: { index: 2, count: 3 } }),
    makeRunRecord({ params: { temperature: 0, seed: 1, max_tokens: 10, top_p: 0.9, stop: ['a'] } }),
  ];
  return [base, ...refined.map((r) => r as unknown as Json), ...shapes.values()];
}

/** Lines a refinement rejects: the structure is fine, so only the refinement's SQL rule can flag them. */
function refinementBreaches(): string[] {
  const base = makeRunRecord({}) as unknown as Record<string, Json>;
  const deep: Json = { a: { b: { c: { d: { e: { f: { g: { h: 1 } } } } } } } };
  return [
    JSON.stringify({ ...base, shard: { index: 3, count: 3 } }),
    JSON.stringify({ ...base, shard: { index: 5, count: 1 } }),
    JSON.stringify({ ...base, params: { temperature: 0, seed: 1, max_tokens: 10, deep } }),
    JSON.stringify({ ...base, params: { temperature: 0, seed: 1, max_tokens: 10, long: 'x'.repeat(BOUNDS.paramsChars) } }),
  ];
}

/**
 * The loader's verdict with zod itself run on every accepted line: the fast path only accepts, so
 * this is what the loader said before it existed.
 */
function zodAccepts(text: string): boolean {
  return validateLine(text, true).ok && RunRecordSchema.safeParse(JSON.parse(text)).success;
}

function allTexts(): string[] {
  const valid = corpusLines()
    .filter(zodAccepts)
    .map((line) => JSON.parse(line) as Json);
  return [...seedRecords(valid).flatMap(mutations), ...refinementBreaches()];
}

let db: Database;
beforeAll(async () => {
  db = await openDatabase();
  await db.run(`CREATE MACRO run_record_certain(line) AS (${runRecordCheckSql()})`);
  await db.run('CREATE TABLE lines (n INTEGER, line VARCHAR)');
});
afterAll(() => db.close());

/** For each text, whether the generated predicate is certain zod accepts it. */
async function certain(texts: readonly string[]): Promise<boolean[]> {
  await db.run('DELETE FROM lines');
  for (let start = 0; start < texts.length; start += 500) {
    const values = texts.slice(start, start + 500).map((text, i) => `(${start + i}, '${text.replaceAll("'", "''")}')`);
    await db.run(`INSERT INTO lines VALUES ${values.join(', ')}`);
  }
  const rows = await db.query('SELECT n, run_record_certain(line) AS ok FROM lines ORDER BY n');
  expect(rows.length).toBe(texts.length);
  return rows.map((row) => row.ok === true);
}

describe('schema/run-record-sql.ts: the generated DuckDB pre-check', () => {
  it("names a rule for every refinement the schema holds, and refuses what would change zod's output", () => {
    expect(refinementPaths(RunRecordSchema).sort()).toEqual(['params', 'shard']);
    // A default or a transform makes zod return something else than it was given: no fast path may stand in for it.
    expect(() => refinementPaths(z.object({ a: z.string().default('x') }))).toThrow(/zod type "default" at a/);
    expect(() => refinementPaths(z.object({ a: z.array(z.string().transform((t) => t.trim())) }))).toThrow(/zod type "pipe" at a\[\]/);
    expect(() => refinementPaths(z.object({ a: z.record(z.string(), z.number()) }))).toThrow(/zod type "record" at a/);
  });

  it('never passes a corpus line that zod rejects, and passes most valid ones', async () => {
    const lines = corpusLines();
    const verdicts = lines.map(zodAccepts);
    const sql = await certain(lines);
    const unsound = lines.filter((_, i) => sql[i] && !verdicts[i]);
    expect(unsound).toEqual([]);
    const valid = verdicts.filter(Boolean).length;
    const passed = sql.filter(Boolean).length;
    // Not vacuous: a predicate that flags everything would be sound and useless.
    expect(valid).toBeGreaterThan(1000);
    expect(passed / valid).toBeGreaterThan(0.95);
  });

  it('flags every mutation of a valid record that zod rejects', async () => {
    const texts = allTexts();
    const verdicts = texts.map(zodAccepts);
    const rejected = verdicts.filter((ok) => !ok).length;
    expect(rejected).toBeGreaterThan(texts.length / 2);
    const sql = await certain(texts);
    const unsound = texts.filter((_, i) => sql[i] && !verdicts[i]).map(described);
    expect(unsound).toEqual([]);
    // Mutations zod accepts are mostly passed too: the expected gaps are strings over a bound in
    // UTF-8 bytes but not in UTF-16 code units, and the text mutations the predicate flags on sight.
    const accepted = verdicts.filter(Boolean).length;
    const acceptedPassed = texts.filter((_, i) => verdicts[i] && sql[i]).length;
    expect(acceptedPassed / accepted).toBeGreaterThan(0.8);
  });

  it('the fast path passes only records zod accepts and returns unchanged: same text, same runs row', () => {
    const check = compileRecordCheck();
    const lines = corpusLines();
    const texts = [...lines, ...allTexts()];
    const wrong: string[] = [];
    let passed = 0;
    for (const text of texts) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        continue;
      }
      if (!check(value)) continue;
      passed += 1;
      const parsed = RunRecordSchema.safeParse(value);
      if (!parsed.success) wrong.push(described(text));
      else if (JSON.stringify(parsed.data) !== JSON.stringify(value) || canonicalJson(parsed.data) !== canonicalJson(value as RunRecord)) {
        wrong.push(`zod changed it: ${text.slice(0, 300)}`);
      } else if (JSON.stringify(flattenRecord(parsed.data, LINE)) !== JSON.stringify(flattenRecord(value as RunRecord, LINE))) {
        wrong.push(`another runs row: ${text.slice(0, 300)}`);
      }
    }
    expect(wrong).toEqual([]);
    const valid = lines.filter(zodAccepts).length;
    expect(lines.filter((line) => zodAccepts(line) && check(JSON.parse(line))).length / valid).toBeGreaterThan(0.95);
    expect(passed).toBeGreaterThan(valid);
  });
});

const LINE = { ledgerIndex: 0, line: 1 };

function described(text: string): string {
  const verdict = validateLine(text, true);
  const zod = verdict.ok ? RunRecordSchema.safeParse(JSON.parse(text)) : null;
  const reason = !verdict.ok ? verdict.reason : zod?.success ? 'accepted' : (zod?.error.issues[0]?.message ?? '');
  return `${reason}: ${text.slice(0, 300)}`;
}
