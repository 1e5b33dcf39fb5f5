/** Paths into a JSON value as a person would type them in JavaScript: `rows[3].pass_rate`. */
export type PathPart = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function formatPath(parts: readonly PathPart[]): string {
  let path = '';
  for (const part of parts) {
    if (typeof part === 'number') path += `[${part}]`;
    else if (IDENTIFIER.test(part)) path += path === '' ? part : `.${part}`;
    else path += `[${JSON.stringify(part)}]`;
  }
  return path;
}

const STEP = /^(?:\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;

/**
 * The parts of a path written by `formatPath` (a URL may hold one); null when the text is not
 * such a path, so a hand-edited link is reported rather than guessed at.
 */
export function parsePath(path: string): PathPart[] | null {
  const parts: PathPart[] = [];
  let rest = path;
  while (rest !== '') {
    const step = STEP.exec(rest);
    if (step === null || (step[0].startsWith('.') && parts.length === 0)) return null;
    if (step[1] !== undefined) parts.push(step[1]);
    else if (step[2] !== undefined) parts.push(Number(step[2]));
    else parts.push(JSON.parse(step[3]!) as string);
    rest = rest.slice(step[0].length);
  }
  return parts;
}

/** The value at a path, or `found: false` when some key or index on the way is missing. */
export function valueAt(value: unknown, parts: readonly PathPart[]): { found: boolean; value: unknown } {
  let node = value;
  for (const part of parts) {
    if (node === null || typeof node !== 'object') return { found: false, value: undefined };
    const isArray = Array.isArray(node);
    if (isArray !== (typeof part === 'number') || !Object.hasOwn(node, part)) return { found: false, value: undefined };
    node = (node as Record<PathPart, unknown>)[part];
  }
  return { found: true, value: node };
}

/** One page of a large array: the bounds shown and how many pages there are. */
export function pageBounds(length: number, page: number, pageSize: number): { start: number; end: number; pages: number; page: number } {
  const pages = Math.max(1, Math.ceil(length / pageSize));
  const clamped = Math.min(Math.max(0, page), pages - 1);
  const start = clamped * pageSize;
  return { start, end: Math.min(length, start + pageSize), pages, page: clamped };
}

export interface JsonMatch {
  path: string;
  /** The path as keys and indexes, to reveal the node in the tree. */
  parts: PathPart[];
  /** The matching value (a leaf) as text, or the key that matched. */
  preview: string;
}

/**
 * Every path whose key or leaf value contains the query (case-insensitive), depth-first, up to
 * `limit`: the search box lists these instead of expanding a 10,000-node tree.
 */
export function searchJson(value: unknown, query: string, limit = 200): { matches: JsonMatch[]; truncated: boolean } {
  const needle = query.toLowerCase();
  const matches: JsonMatch[] = [];
  let truncated = false;
  const visit = (node: unknown, parts: PathPart[]): void => {
    if (matches.length >= limit) {
      truncated = true;
      return;
    }
    if (node !== null && typeof node === 'object') {
      const entries: [PathPart, unknown][] = Array.isArray(node) ? node.map((child, i) => [i, child]) : Object.entries(node);
      for (const [key, child] of entries) {
        const childParts = [...parts, key];
        if (typeof key === 'string' && key.toLowerCase().includes(needle) && matches.length < limit) {
          matches.push({ path: formatPath(childParts), parts: childParts, preview: leafPreview(child) });
        } else if (child === null || typeof child !== 'object') {
          const text = leafPreview(child);
          if (text.toLowerCase().includes(needle)) {
            if (matches.length < limit) matches.push({ path: formatPath(childParts), parts: childParts, preview: text });
            else truncated = true;
          }
        }
        if (child !== null && typeof child === 'object') visit(child, childParts);
      }
    }
  };
  if (needle !== '') visit(value, []);
  return { matches, truncated };
}

/** A leaf as JSON text, cut at 120 characters; containers as `{…} 3 keys` / `[…] 12 items`. */
export function leafPreview(value: unknown): string {
  if (Array.isArray(value)) return `[…] ${value.length} items`;
  if (value !== null && typeof value === 'object') return `{…} ${Object.keys(value).length} keys`;
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
