/**
 * Holm's step-down correction (Holm 1979, "A simple sequentially rejective multiple test
 * procedure", Scand. J. Statist. 6:65–70), as adjusted p-values in the input's order: sort
 * ascending, multiply the i-th smallest (0-based) by m − i, carry the running maximum so the
 * adjusted values keep the raw order, and cap at 1. Rejecting adjusted p < α controls the
 * family-wise error rate at α. Ties are broken by input position, so the result is deterministic.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, index) => ({ p, index })).sort((x, y) => x.p - y.p || x.index - y.index);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, index }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[index] = running;
  });
  return adjusted;
}
