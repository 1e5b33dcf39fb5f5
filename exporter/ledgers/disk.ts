import { createReadStream } from 'node:fs';
import { closeSync, openSync, readSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { LedgerSource } from './load.ts';

/** Reads byte ranges of one ledger file: how the run shards copy a record's exact text. */
export interface RangeReader {
  read(offset: number, length: number): Uint8Array;
  close(): void;
}

export interface RangeSource {
  openRanges(path: string): RangeReader;
}

const CHUNK_BYTES = 1 << 20;

/** The real disk as a ledger source (the command module wires it; tests use memory). */
export function diskLedgerSource(): LedgerSource & RangeSource {
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
    openRanges(path) {
      const fd = openSync(path, 'r');
      return {
        read(offset, length) {
          const buffer = Buffer.allocUnsafe(length);
          let done = 0;
          while (done < length) {
            const got = readSync(fd, buffer, done, length - done, offset + done);
            if (got === 0) throw new Error(`${path}: file shrank while exporting (offset ${offset + done})`);
            done += got;
          }
          return buffer;
        },
        close() {
          closeSync(fd);
        },
      };
    },
  };
}
