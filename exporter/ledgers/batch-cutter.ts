import type { LineBatch } from './batch.ts';

/** Bytes of whole lines judged together: big enough to amortise a worker round trip, small enough to stream. */
const BATCH_BYTES = 1 << 20;

const NEWLINE = 0x0a;

/**
 * Newlines in `bytes`, searched through a Buffer view: Buffer's indexOf is a memchr, where a plain
 * Uint8Array's is a generic loop about ten times slower, on the thread that takes every result.
 */
export function countNewlines(bytes: Uint8Array): number {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let count = 0;
  for (let at = view.indexOf(NEWLINE); at !== -1; at = view.indexOf(NEWLINE, at + 1)) count++;
  return count;
}

/**
 * Cuts one file's chunks into batches of whole lines, copying each into its own buffer (so it can
 * be transferred to a worker), and counts lines and bytes as `splitLines` would number them.
 */
export class BatchCutter {
  private carry: Uint8Array[] = [];
  private carryBytes = 0;
  bytes = 0;
  lines: number;

  /** `offset` and `nextLine`: where in the file the first chunk starts (after a prefix read from the export cache). */
  constructor(
    private readonly ledgerIndex: number,
    private offset = 0,
    private nextLine = 1,
  ) {
    this.lines = nextLine - 1;
  }

  /** The batches complete after this chunk. */
  push(chunk: Uint8Array): LineBatch[] {
    this.bytes += chunk.byteLength;
    this.carry.push(chunk);
    this.carryBytes += chunk.byteLength;
    // No newline in this chunk: nothing new to cut (and joining a long line's carry on every small chunk would be quadratic).
    if (this.carryBytes < BATCH_BYTES || chunk.lastIndexOf(NEWLINE) === -1) return [];
    const joined = Buffer.concat(this.carry, this.carryBytes);
    const cut = joined.lastIndexOf(NEWLINE) + 1;
    this.carry = cut < joined.length ? [joined.subarray(cut)] : [];
    this.carryBytes = joined.length - cut;
    return cut === 0 ? [] : [this.batch(joined.subarray(0, cut))];
  }

  /**
   * The file's last batches: its remaining whole lines, then a final line without a newline (torn
   * by a crash mid-write, or still being written) on its own, so the export cache can keep the
   * whole lines before it.
   */
  end(): LineBatch[] {
    if (this.carryBytes === 0) return [];
    const rest = Buffer.concat(this.carry, this.carryBytes);
    this.carry = [];
    this.carryBytes = 0;
    const cut = rest.lastIndexOf(NEWLINE) + 1;
    if (cut === 0 || cut === rest.length) return [this.batch(rest)];
    return [this.batch(rest.subarray(0, cut)), this.batch(rest.subarray(cut))];
  }

  private batch(bytes: Uint8Array): LineBatch {
    // An own, exactly sized buffer: transferable, and the big joined chunk can be freed.
    const own = new Uint8Array(bytes.byteLength);
    own.set(bytes);
    const batch: LineBatch = { bytes: own, ledgerIndex: this.ledgerIndex, firstLine: this.nextLine, byteOffset: this.offset };
    const newlines = countNewlines(own);
    const unterminated = own[own.length - 1] !== NEWLINE ? 1 : 0;
    this.nextLine += newlines + unterminated;
    this.lines = this.nextLine - 1;
    this.offset += own.byteLength;
    return batch;
  }
}
