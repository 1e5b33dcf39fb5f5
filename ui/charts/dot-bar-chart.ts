/**
 * A dot-and-bar for one rate: a bar across its 95% interval and a dot at the rate, on an axis
 * fixed from 0 to 1, so every row of a leaderboard shares one scale and a short bar can never
 * read as a steep difference. Drawn by hand rather than with Plot: a leaderboard draws one per
 * row, and a few SVG nodes each keep the first view fast.
 *
 * The geometry is a pure tree (`dotBarTree`, snapshot-tested as SVG text); `dotBarChart` turns it
 * into an SVGElement.
 */

/** An SVG node as data: tag, attributes, children (text only in `<title>` and labels). */
export interface SvgNode {
  tag: string;
  attrs: Record<string, string | number>;
  children: (SvgNode | string)[];
}

export interface DotBarValue {
  value: number | null;
  low: number;
  high: number;
}

export interface DotBarOptions {
  width?: number;
  height?: number;
  /** Hollow dot and dashed bar: the rate comes from simulated runs. */
  simulated?: boolean;
  /** The tooltip (a `<title>`), e.g. `66.7% [39.1%, 86.2%]`. */
  title: string;
}

const defaults = { width: 140, height: 16, pad: 5 };
const TICKS = [0, 0.25, 0.5, 0.75, 1];

// Two decimals are finer than a pixel and keep the snapshot stable.
const round = (value: number) => Math.round(value * 100) / 100;
const node = (tag: string, attrs: SvgNode['attrs'], children: SvgNode['children'] = []): SvgNode => ({ tag, attrs, children });

/** x of a rate in [0, 1] inside the padded width. */
function scaleX(rate: number, width: number): number {
  const clamped = Math.min(1, Math.max(0, rate));
  return round(defaults.pad + clamped * (width - 2 * defaults.pad));
}

/** The chart of one row: faint ticks at 0, ¼, ½, ¾, 1, the interval bar, the dot (none for no answered run). */
export function dotBarTree(row: DotBarValue, options: DotBarOptions): SvgNode {
  const width = options.width ?? defaults.width;
  const height = options.height ?? defaults.height;
  const mid = round(height / 2);
  const children: SvgNode[] = [node('title', {}, [options.title])];
  for (const tick of TICKS) {
    const x = scaleX(tick, width);
    children.push(node('line', { x1: x, x2: x, y1: 2, y2: height - 2, stroke: 'currentColor', 'stroke-opacity': tick === 0 ? 0.5 : 0.15 }));
  }
  if (row.value !== null) {
    const bar: SvgNode['attrs'] = { x1: scaleX(row.low, width), x2: scaleX(row.high, width), y1: mid, y2: mid, stroke: 'currentColor', 'stroke-width': 3 };
    if (options.simulated) bar['stroke-dasharray'] = '3 2';
    children.push(node('line', bar));
    const dot: SvgNode['attrs'] = { cx: scaleX(row.value, width), cy: mid, r: 4, fill: 'currentColor', stroke: 'currentColor', 'stroke-width': 1.5 };
    // A presentation attribute cannot read a CSS variable; the hollow dot takes the page colour by style.
    if (options.simulated) dot.style = 'fill: var(--lb-bg, #fff)';
    children.push(node('circle', dot));
  }
  return node(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', class: 'dot-bar', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': options.title },
    children,
  );
}

/** The shared axis drawn once in the column header: 0%, 50%, 100% at the rows' positions. */
export function dotBarAxisTree(width = defaults.width, height = 14): SvgNode {
  // The end labels sit inside the box, anchored at their tick.
  const ticks = [
    [0, 'start'],
    [0.5, 'middle'],
    [1, 'end'],
  ] as const;
  const labels = ticks.map(([tick, anchor]) =>
    node('text', { x: scaleX(tick, width), y: height - 3, 'text-anchor': anchor, fill: 'currentColor', 'font-size': 11 }, [`${tick * 100}%`]),
  );
  return node(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', class: 'dot-bar-axis', width, height, viewBox: `0 0 ${width} ${height}`, 'aria-hidden': 'true' },
    labels,
  );
}

const escapeText = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** The tree as SVG text (for snapshots); attribute values and text escaped. */
export function svgText(tree: SvgNode | string): string {
  if (typeof tree === 'string') return escapeText(tree);
  const attrs = Object.entries(tree.attrs)
    .map(([key, value]) => ` ${key}="${escapeText(String(value))}"`)
    .join('');
  return `<${tree.tag}${attrs}>${tree.children.map(svgText).join('')}</${tree.tag}>`;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A tree as an SVGElement of `doc` (charts drawn by hand share it). */
export function toElement(tree: SvgNode, doc: Document): SVGElement {
  const element = doc.createElementNS(SVG_NS, tree.tag);
  for (const [key, value] of Object.entries(tree.attrs)) if (key !== 'xmlns') element.setAttribute(key, String(value));
  // Text goes in as text nodes: a model name or label from the data can never become markup.
  for (const child of tree.children) element.append(typeof child === 'string' ? doc.createTextNode(child) : toElement(child, doc));
  return element;
}

/** The dot-and-bar of one rate as an SVGElement. */
export function dotBarChart(row: DotBarValue, options: DotBarOptions, doc: Document = document): SVGElement {
  return toElement(dotBarTree(row, options), doc);
}

/** The header axis as an SVGElement. */
export function dotBarAxis(width?: number, doc: Document = document): SVGElement {
  return toElement(dotBarAxisTree(width), doc);
}
