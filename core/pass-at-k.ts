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

/** The k values reported for up to n samples a task: 1, 2, 5, 10, 20, 50, 100, … up to n. */
export function reportedKs(n: number): number[] {
  const ks: number[] = [];
  for (let decade = 1; decade <= n; decade *= 10) {
    for (const step of [1, 2, 5]) if (step * decade <= n) ks.push(step * decade);
  }
  return ks;
}

/** One task's samples: n answered samples, c of them passed. */
export interface TaskCounts {
  n: number;
  c: number;
}

/** pass@k of a set of tasks at one k, and how many tasks it was taken over. */
export interface PassAtKEstimate {
  k: number;
  /** null when no task has k samples. */
  value: number | null;
  /** Tasks with at least k samples: the ones the mean is over. */
  tasks: number;
}

/**
 * The one aggregation rule (HumanEval's, Chen et al. 2021): at each k, the mean of the per-task
 * estimates over the tasks with at least k samples; a task with fewer samples says nothing about
 * k and is left out, and `tasks` says how many counted. Used by `ledgerbench score` and the
 * pass_at_k surface alike (docs/metrics.md).
 */
export function aggregatePassAtK(tasks: readonly TaskCounts[], ks: readonly number[]): PassAtKEstimate[] {
  return ks.map((k) => {
    const eligible = tasks.filter(({ n }) => n >= k);
    if (eligible.length === 0) return { k, value: null, tasks: 0 };
    const sum = eligible.reduce((total, { n, c }) => total + passAtK(n, c, k), 0);
    return { k, value: sum / eligible.length, tasks: eligible.length };
  });
}
