import { Z_95 } from '../wilson.ts';

/** z for 80 % power: the 0.8 quantile of the standard normal. */
export const Z_POWER_80 = 0.8416212335729143;

/** Observed paired counts the planning estimate extrapolates from. */
export interface DiscordantCounts {
  pairs: number;
  /** b: original passed, candidate failed. */
  originalOnly: number;
  /** c: candidate passed, original failed. */
  candidateOnly: number;
}

/**
 * A planning estimate (not a promise) of the paired tasks likely to settle an open comparison,
 * assuming the discordance rates seen so far hold: ψ = (b + c)/n, Δ = (c − b)/n.
 *
 * - Δ > −margin: the n at which a 95 % interval's lower bound would clear −margin with 80 %
 *   power, n = (z₀.₉₇₅ + z₀.₈)² (ψ − Δ²) / (Δ + margin)² (normal approximation for paired
 *   proportions; e.g. Nam 1997, Biometrics 53:1422–1430).
 * - Δ ≤ −margin: the drop is beyond the margin, so the question becomes whether McNemar's test
 *   would flag it: Connor (1987, Biometrics 43:207–211), n = [z₀.₉₇₅√ψ + z₀.₈√(ψ − Δ²)]² / Δ².
 *
 * With no discordant pairs yet ψ is taken as 1/(n + 1) (as if the next task disagreed), so the
 * estimate is never "zero more tasks". The result is at least 10 (the verdict's minimum) and
 * more than the pairs already seen; null when no finite n can decide it (Δ = 0 with a zero margin).
 */
export function pairsToDecide(counts: DiscordantCounts, margin: number): number | null {
  const { pairs: n, originalOnly: b, candidateOnly: c } = counts;
  if (n === 0) return null;
  const delta = (c - b) / n;
  const psi = b + c === 0 ? 1 / (n + 1) : (b + c) / n;
  const variance = Math.max(psi - delta * delta, 1e-12);
  const zSum = Z_95 + Z_POWER_80;
  let needed: number;
  if (delta > -margin) {
    needed = (zSum * zSum * variance) / (delta + margin) ** 2;
  } else {
    if (delta === 0) return null;
    needed = (Z_95 * Math.sqrt(psi) + Z_POWER_80 * Math.sqrt(variance)) ** 2 / (delta * delta);
  }
  if (!Number.isFinite(needed)) return null;
  return Math.max(Math.ceil(needed), n + 1, 10);
}
