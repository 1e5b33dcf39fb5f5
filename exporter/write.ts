import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from '../lib/cli-error.ts';
import { onSignal, ownerAlive, ownerTag } from './workspace.ts';

/** Significant digits kept for every non-integer number written to a surface. */
export const SIGNIFICANT_DIGITS = 6;

/**
 * The one place numbers are rounded: 6 significant digits for non-integers, integers as they are,
 * -0 as 0, and NaN/±Infinity as null (JSON has no spelling for them, and the schemas forbid them).
 */
export function roundNumber(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  if (Number.isInteger(value)) return value === 0 ? 0 : value;
  const rounded = Number(value.toPrecision(SIGNIFICANT_DIGITS));
  return rounded === 0 ? 0 : rounded;
}

function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' ? roundNumber(value) : value;
}

/** Compact JSON of any value with numbers rounded. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, replacer);
}

/**
 * A surface file's text: the envelope on the first line, then one row a line, so a diff between
 * two exports shows changed rows and the raw-JSON browser can show long files without reflowing.
 * `rows` always comes last.
 */
export function serializeSurface(body: { rows: readonly unknown[] }): string {
  const { rows, ...head } = body;
  const headText = toJson(head);
  const opening = headText === '{}' ? '{"rows":[' : `${headText.slice(0, -1)},"rows":[`;
  if (rows.length === 0) return `${opening}]}\n`;
  return `${opening}\n${rows.map((row) => toJson(row)).join(',\n')}\n]}\n`;
}

/** A file without `rows` (index.json): indented JSON with numbers rounded, for people reading it. */
export function serializeDocument(value: unknown): string {
  return `${JSON.stringify(value, replacer, 2)}\n`;
}

/** Where the export's files go: written to a staging folder, then swapped in whole by `finish`. */
export interface OutputSink {
  /** Writes one file, `relativePath` with forward slashes (`runs/runs-0001.json`). */
  writeFile(relativePath: string, data: string | Uint8Array): Promise<void>;
  /** Makes the written files the out folder's whole content (no stale file survives). */
  finish(): Promise<void>;
  /** Drops what was written (after a failure). */
  abort(): Promise<void>;
}

/**
 * Disk output for `outDir`. Files go into a sibling staging folder; `finish` moves the old folder
 * aside, moves the staging folder into place and deletes the old one, so readers never see a
 * half-written export and old run shards cannot linger. Refuses to replace a folder that holds
 * files but no index.json: that is not an earlier export, and deleting it would lose someone's work.
 *
 * The staging and aside folders carry their owner (exporter/workspace.ts): they are removed on
 * abort and on SIGINT/SIGTERM, and the next export removes those of an owner that died (SIGKILL),
 * first putting back an old export that was moved aside when the owner died mid-swap.
 */
export function createDiskOutput(outDir: string): OutputSink {
  const target = resolve(outDir);
  const tag = ownerTag();
  const staging = `${target}.export-staging-${tag}`;
  const aside = `${target}.export-old-${tag}`;
  let prepared = false;
  let forget: () => void = () => {};
  // What a killed export of the same folder left is cleaned now, before anything else can fail.
  recoverStale(target);
  return {
    async writeFile(relativePath, data) {
      if (!prepared) {
        recoverStale(target);
        await assertReplaceable(target, outDir);
        await rm(staging, { recursive: true, force: true });
        forget = onSignal(() => rmSync(staging, { recursive: true, force: true }));
        prepared = true;
      }
      const path = join(staging, ...relativePath.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, data);
    },
    async finish() {
      if (!prepared) {
        recoverStale(target);
        await mkdir(staging, { recursive: true });
      }
      await assertReplaceable(target, outDir);
      await mkdir(dirname(target), { recursive: true });
      // Both renames in one synchronous step: no signal handler can run between them.
      if (existsSync(target)) renameSync(target, aside);
      renameSync(staging, target);
      forget();
      await rm(aside, { recursive: true, force: true });
    },
    async abort() {
      await rm(staging, { recursive: true, force: true });
      forget();
    },
  };
}

/**
 * Cleans what an export of `target` killed without warning left beside it: its staging folder
 * (half written, never published) and, if it died between the two renames of `finish`, the old
 * export it had moved aside, which goes back in place when `target` is missing. Folders of a
 * live export are left alone.
 */
export function recoverStale(target: string): string[] {
  const parent = dirname(target);
  const name = basename(target);
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries.sort()) {
    const match = /^\.export-(staging|old)-(\d+-\d+)$/.exec(entry.startsWith(name) ? entry.slice(name.length) : '');
    if (match === null || ownerAlive(match[2]!)) continue;
    const path = join(parent, entry);
    if (match[1] === 'old' && !existsSync(target)) renameSync(path, target);
    else rmSync(path, { recursive: true, force: true });
    removed.push(entry);
  }
  return removed;
}

async function assertReplaceable(target: string, shown: string): Promise<void> {
  if (!existsSync(target)) return;
  const entries = await readdir(target).catch(() => {
    throw new CliError(`${shown}: exists but is not a folder; pass --out DIR with a folder for the export`);
  });
  if (entries.length > 0 && !entries.includes('index.json')) {
    throw new CliError(`${shown}: holds files but no index.json, so it is not an earlier export; refusing to replace it (pass another --out)`);
  }
}
