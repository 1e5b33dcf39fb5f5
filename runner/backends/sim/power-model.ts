import { parsePowerLevel } from '../../../core/power-level.ts';
import type { PowerLimit } from '../../../schema/run-record.ts';
import { SIM_GPU, type SimProfile } from './profiles.ts';

/**
 * Decode speed scales with the dynamic power the limit leaves: speed ∝ (dynamic share)^ALPHA.
 * With ALPHA < 1 and a fixed static draw, joules per token = (static + d) / d^ALPHA has a minimum at
 * d = ALPHA·static / (1 − ALPHA): the "sweet spot" below the default limit that power-capping studies
 * of GPU inference report. ALPHA = 0.6 puts it near 55–65% of a 300 W limit for these profiles.
 */
const ALPHA = 0.6;

export interface OperatingPoint {
  /** Watts drawn while decoding. */
  power_w: number;
  /** Fraction of the unconstrained decode speed, 0..1. */
  speed: number;
}

/** `"80"` → 80% of the simulated GPU's default limit; `"144w"` → 144 W; clamped to its [min, max]. */
export function resolveSimPowerLimit(request: string | null): PowerLimit {
  if (request === null) {
    return {
      request: null,
      mode: null,
      requested_w: null,
      applied_w: SIM_GPU.default_limit_w,
      clamped: false,
      managed: false,
      simulated: true,
    };
  }
  const { mode, value } = parsePowerLevel(request);
  const requested = mode === 'watts' ? value : (value / 100) * SIM_GPU.default_limit_w;
  const applied = Math.min(SIM_GPU.max_limit_w, Math.max(SIM_GPU.min_limit_w, requested));
  return {
    request,
    mode,
    requested_w: round1(requested),
    applied_w: round1(applied),
    clamped: applied !== requested,
    managed: false,
    simulated: true,
  };
}

/** The decode operating point of a profile under a power limit. */
export function operatingPoint(profile: SimProfile, limitW: number): OperatingPoint {
  const wanted = profile.static_w + profile.dynamic_w;
  if (limitW >= wanted) return { power_w: wanted, speed: 1 };
  const dynamic = Math.max(limitW - profile.static_w, 1);
  return { power_w: profile.static_w + dynamic, speed: (dynamic / profile.dynamic_w) ** ALPHA };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
