import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The accepted records' normalised text (exporter/ledgers/canonical.ts), kept in files in the
 * export's temporary folder so the run shards can be written from validated records without
 * holding a million of them in memory. Each thread that judges lines appends to a file of its own
 * (`records-<writer>.jsonl`: 0 for the loader's thread, 1… for the validation workers), so the
 * bytes never cross threads; a record's position is packed into one number,
 * writer · 2³⁶ + offset, which the `runs` table keeps as byte_offset. Files of the export cache
 * (exporter/ledgers/cache.ts) are attached as further writers, read in place.
 */
const WRITER_SPAN = 2 ** 36;

/** Writer numbers from here on name attached files (the loader's and workers' files come below). */
const FIRST_ATTACHED = 1024;

export function recordFile(folder: string, writer: number): string {
  return join(folder, `records-${writer}.jsonl`);
}

/**
 * Appends to one writer's file, synchronously (it runs on its own thread). The file is opened for
 * each batch (about 1 MB) and closed again, so a worker that is terminated leaves no descriptor open.
 */
export class RecordWriter {
  private size = 0;

  constructor(
    private readonly folder: string,
    private readonly writer: number,
  ) {}

  /** Appends the bytes; returns the packed position of their first byte. */
  append(bytes: Uint8Array): number {
    const at = this.writer * WRITER_SPAN + this.size;
    if (bytes.byteLength === 0) return at;
    const fd = openSync(recordFile(this.folder, this.writer), 'a');
    try {
      let done = 0;
      while (done < bytes.byteLength) done += writeSync(fd, bytes, done, bytes.byteLength - done);
    } finally {
      closeSync(fd);
    }
    this.size += bytes.byteLength;
    return at;
  }
}

/** Reads records back by packed position, for the run shards. */
export interface RecordStore {
  folder: string;
  read(position: number, length: number): Uint8Array;
  /** Makes a file of records written earlier readable in place; returns the packed position of its first byte. */
  attach(path: string): number;
  close(): void;
}

export function openRecordStore(folder: string): RecordStore {
  const files = new Map<number, number>();
  const attached: string[] = [];
  const pathOf = (writer: number) => (writer >= FIRST_ATTACHED ? attached[writer - FIRST_ATTACHED]! : recordFile(folder, writer));
  return {
    folder,
    attach(path) {
      attached.push(path);
      return (FIRST_ATTACHED + attached.length - 1) * WRITER_SPAN;
    },
    read(position, length) {
      const writer = Math.floor(position / WRITER_SPAN);
      const fd = files.get(writer) ?? openSync(pathOf(writer), 'r');
      files.set(writer, fd);
      const buffer = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const got = readSync(fd, buffer, done, length - done, (position % WRITER_SPAN) + done);
        if (got === 0) throw new Error(`${pathOf(writer)}: record store shorter than expected`);
        done += got;
      }
      return buffer;
    },
    close() {
      for (const fd of files.values()) closeSync(fd);
      files.clear();
    },
  };
}
