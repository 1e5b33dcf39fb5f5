import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ExportEffects } from '../../exporter/export.ts';

/** In-memory export effects: ledgers from a map, output into a map, console lines collected. */
export interface MemoryEffects extends ExportEffects {
  /** The out folder after the last `finish`. */
  output: Map<string, Uint8Array>;
  lines: string[];
}

/**
 * `files` maps paths (`ledgers/a.jsonl`) to contents. Reads come back in `chunkBytes` pieces so
 * line splitting across chunk borders is exercised on every test.
 */
export function memoryEffects(files: ReadonlyMap<string, string | Uint8Array>, chunkBytes = 61): MemoryEffects {
  const bytes = new Map([...files].map(([path, data]) => [path, typeof data === 'string' ? Buffer.from(data) : data]));
  let staged = new Map<string, Uint8Array>();
  const effects: MemoryEffects = {
    output: new Map(),
    lines: [],
    async listFiles(dir) {
      const prefix = dir === '.' ? '' : `${dir.replace(/\/$/, '')}/`;
      const inside = [...bytes.keys()].filter((path) => path.startsWith(prefix)).map((path) => path.slice(prefix.length));
      return inside.length === 0 && !folderExists(bytes, prefix) ? null : inside;
    },
    async *readChunks(path) {
      const data = bytes.get(path);
      if (data === undefined) throw new Error(`no such file: ${path}`);
      for (let start = 0; start < data.byteLength; start += chunkBytes) yield data.subarray(start, start + chunkBytes);
    },
    async writeFile(path, data) {
      staged.set(path, typeof data === 'string' ? Buffer.from(data) : data);
    },
    async finish() {
      effects.output = staged;
      staged = new Map();
    },
    async abort() {
      staged = new Map();
    },
    log(line) {
      effects.lines.push(line);
    },
  };
  return effects;
}

// An empty folder is marked by a `<folder>/` key with no content.
function folderExists(files: ReadonlyMap<string, Uint8Array>, prefix: string): boolean {
  return prefix === '' || files.has(prefix);
}

/** Every file under a folder on disk, keyed by `<as>/<relative path>`: a fixture case in memory. */
export function readFixtureFolder(dir: string, as: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(`${as}/${relative(dir, path).split(sep).join('/')}`, readFileSync(path));
    }
  };
  walk(dir);
  return out;
}

/** The output file as parsed JSON. */
export function outputJson(effects: MemoryEffects, path: string): any {
  const data = effects.output.get(path);
  if (data === undefined) throw new Error(`export wrote no ${path}; it wrote ${[...effects.output.keys()].join(', ')}`);
  return JSON.parse(Buffer.from(data).toString('utf8'));
}

export const FIXTURES = new URL('../fixtures/ledgers/', import.meta.url).pathname;
