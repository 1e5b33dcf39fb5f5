/**
 * The Pareto frontier rule, written once: the exporter marks `pareto_frontiers.json` with it and
 * the site calls it again only over the points it shows after a filter (a sweep subset, an arm),
 * so a frontier on the page is never drawn by a second, different rule.
 */

/** A point to test for Pareto dominance: higher `y` is better, lower `x` is better. */
export interface PlanePoint {
  x: number;
  y: number;
}

/** q dominates p: at least as good on both axes and strictly better on one. */
export function dominates(q: PlanePoint, p: PlanePoint): boolean {
  return q.y >= p.y && q.x <= p.x && (q.y > p.y || q.x < p.x);
}

/**
 * Marks the points no other point dominates. Equal points do not dominate each other, so both
 * stay on the frontier. O(n²): n is the configurations of one suite (models × arms × power
 * levels), a few hundred at most.
 */
export function frontierFlags(points: readonly PlanePoint[]): boolean[] {
  return points.map((p) => !points.some((q) => dominates(q, p)));
}

/**
 * The frontier as a line to draw: its points from cheapest to dearest (ties on cost by the better
 * y first), so a step line through them never runs backwards.
 */
export function frontierPath<Point extends PlanePoint>(points: readonly Point[]): Point[] {
  const flags = frontierFlags(points);
  return points.filter((_, index) => flags[index]).sort((a, b) => a.x - b.x || b.y - a.y);
}
