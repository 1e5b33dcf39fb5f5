import { once } from 'node:events';
import { closeSync, createWriteStream, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The accepted records' normalised text (exporter/ledgers/canonical.ts), appended in load order to
 * one file in the export's temporary folder, so the run shards can be written from validated
 * records without holding a million of them in memory. The `runs` table keeps each record's
 * offset and length here.
 */
export interface RecordStore {
  /** Appends records' UTF-8 text (the caller knows each one's offset from `size`). */
  append(bytes: Uint8Array): Promise<void>;
  /** Bytes appended so far: the offset the next record will sit at. */
  size(): number;
  /** Flushes what was appended; call before the first `read`. */
  seal(): Promise<void>;
  read(offset: number, length: number): Uint8Array;
  close(): void;
}

export function openRecordStore(folder: string): RecordStore {
  const path = join(folder, 'records.jsonl');
  const stream = createWriteStream(path);
  let size = 0;
  let fd: number | null = null;
  return {
    async append(bytes) {
      size += bytes.byteLength;
      if (!stream.write(bytes)) await once(stream, 'drain');
    },
    size: () => size,
    async seal() {
      if (stream.writableFinished) return;
      stream.end();
      await once(stream, 'finish');
    },
    read(offset, length) {
      fd ??= openSync(path, 'r');
      const buffer = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const got = readSync(fd, buffer, done, length - done, offset + done);
        if (got === 0) throw new Error(`${path}: record store shorter than expected (offset ${offset + done})`);
        done += got;
      }
      return buffer;
    },
    close() {
      if (!stream.writableFinished) stream.destroy();
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
