/** The disk, as the loader needs it (injected so tests can read from memory). */
export interface LedgerSource {
  /** Every file under `dir`, relative with forward slashes; null when `dir` is missing or not a folder. */
  listFiles(dir: string): Promise<string[] | null>;
  /** A file's bytes, chunk by chunk. */
  readChunks(path: string): AsyncIterable<Uint8Array>;
}
