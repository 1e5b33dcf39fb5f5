import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { LedgerSource } from './source.ts';

const CHUNK_BYTES = 1 << 20;

/** The real disk as a ledger source (the command module wires it; tests use memory). */
export function diskLedgerSource(): LedgerSource {
  return {
    async listFiles(dir) {
      const info = await stat(dir).catch(() => null);
      if (info === null || !info.isDirectory()) return null;
      const entries = await readdir(dir, { recursive: true, withFileTypes: true });
      return entries
        .filter((entry) => entry.isFile())
        .map((entry) => {
          // `parentPath` arrived in Node 20.12; `path` is its older name.
          const parent = (entry as { parentPath?: string }).parentPath ?? entry.path;
          return relative(dir, join(parent, entry.name)).split(sep).join('/');
        });
    },
    readChunks(path) {
      return createReadStream(path, { highWaterMark: CHUNK_BYTES });
    },
  };
}
