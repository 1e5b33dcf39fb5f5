/**
 * One warning channel: de-duplicates identical messages and counts them, so a sweep over
 * thousands of runs prints a problem once and tests can assert that nothing warned.
 */
const seen = new Map<string, number>();
let sink: (line: string) => void = (line) => process.stderr.write(`warning: ${line}\n`);

export function warn(message: string): void {
  const count = seen.get(message) ?? 0;
  seen.set(message, count + 1);
  if (count === 0) sink(message);
}

/** For tests: capture warnings instead of printing them; returns the previous sink. */
export function setWarningSink(next: (line: string) => void): (line: string) => void {
  const previous = sink;
  sink = next;
  return previous;
}

export function resetWarnings(): void {
  seen.clear();
}
