/** One line of a ledger file, located by number (1-based) and bytes. */
export interface LedgerLine {
  line: number;
  text: string;
  byteOffset: number;
  /** Bytes of the text, without the newline (and without a `\r` before it). */
  byteLength: number;
  /** False for a final line that has no trailing newline (possibly torn by a crash mid-write). */
  terminated: boolean;
}

const NEWLINE = 0x0a;
const RETURN = 0x0d;

/**
 * Splits a stream of byte chunks into lines without holding the file in memory (a million-record
 * ledger is over a gigabyte). Offsets are byte positions in the file.
 * A trailing newline does not start an extra, empty line.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<LedgerLine> {
  let carry: Buffer = Buffer.alloc(0);
  let carryOffset = 0;
  let lineNumber = 0;
  for await (const raw of chunks) {
    const chunk = carry.length === 0 ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength) : Buffer.concat([carry, raw]);
    let start = 0;
    let newline = chunk.indexOf(NEWLINE, start);
    while (newline !== -1) {
      const end = newline > start && chunk[newline - 1] === RETURN ? newline - 1 : newline;
      lineNumber += 1;
      yield {
        line: lineNumber,
        text: chunk.toString('utf8', start, end),
        byteOffset: carryOffset + start,
        byteLength: end - start,
        terminated: true,
      };
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    // Copy the partial tail so the (large) chunk it came from can be freed.
    carry = Buffer.from(chunk.subarray(start));
    carryOffset += start;
  }
  if (carry.length > 0) {
    lineNumber += 1;
    yield { line: lineNumber, text: carry.toString('utf8'), byteOffset: carryOffset, byteLength: carry.length, terminated: false };
  }
}
