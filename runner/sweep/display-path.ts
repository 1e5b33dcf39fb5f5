import { relative } from 'node:path';

/**
 * A path as messages show it: relative to the working directory when it lies below it (short and
 * clickable), else absolute — `../../tmp/x` helps nobody.
 */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}
