/**
 * The unbiased pass@k estimator of Chen et al. (2021), "Evaluating Large Language Models
 * Trained on Code" (arXiv:2107.03374): with n samples of which c passed, the chance that at
 * least one of k samples drawn without replacement passes, 1 − C(n−c, k)/C(n, k). Computed as
 * 1 − ∏_{i=n−c+1}^{n} (1 − k/i), which never forms a binomial coefficient and so cannot overflow.
 */
export function passAtK(n: number, c: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k) || n < 1 || c < 0 || c > n || k < 1 || k > n) {
    throw new RangeError(`passAtK: need integers 1 ≤ k ≤ n and 0 ≤ c ≤ n, got n=${n}, c=${c}, k=${k}`);
  }
  // Fewer failures than k: every draw of k samples includes a pass.
  if (n - c < k) return 1;
  let allFail = 1;
  for (let i = n - c + 1; i <= n; i++) allFail *= 1 - k / i;
  return 1 - allFail;
}

/** The k values reported for n samples a task: 1, 2, 5, 10, 20, 50, 100, … up to n. */
export function reportedKs(n: number): number[] {
  const ks: number[] = [];
  for (let decade = 1; decade <= n; decade *= 10) {
    for (const step of [1, 2, 5]) if (step * decade <= n) ks.push(step * decade);
  }
  return ks;
}
