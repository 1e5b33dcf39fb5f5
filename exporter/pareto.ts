/** A point to test for Pareto dominance: higher `y` is better, lower `x` is better. */
export interface PlanePoint {
  x: number;
  y: number;
}

/**
 * Marks the points no other point dominates. q dominates p when q is at least as good on both axes
 * (q.y ≥ p.y and q.x ≤ p.x) and strictly better on one; equal points do not dominate each other,
 * so both stay on the frontier. O(n²) per plane: n is the models in one group, a few dozen.
 */
export function frontierFlags(points: readonly PlanePoint[]): boolean[] {
  return points.map((p) => !points.some((q) => q.y >= p.y && q.x <= p.x && (q.y > p.y || q.x < p.x)));
}
