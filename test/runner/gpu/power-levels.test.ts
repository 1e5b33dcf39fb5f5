import { describe, expect, it } from 'vitest';
import { parsePowerLevel } from '../../../core/power-level.ts';
import { classifySetLimit, resolveLevel } from '../../../runner/gpu/power-levels.ts';
import type { Gpu } from '../../../schema/run-record.ts';

const GPU: Gpu = {
  index: 0,
  name: 'NVIDIA GeForce RTX 4070',
  uuid: 'GPU-0',
  driver: '550.54.14',
  memory_mb: 12282,
  power_limit_min_w: 100,
  power_limit_max_w: 220,
  power_limit_default_w: 200,
  power_limit_enforced_w: 200,
};

describe('resolveLevel', () => {
  it('resolves a percent against the default limit, not the maximum', () => {
    expect(resolveLevel(parsePowerLevel('50'), GPU)).toEqual({ requestedW: 100, targetW: 100, clamped: false });
    expect(resolveLevel(parsePowerLevel('100'), GPU)).toEqual({ requestedW: 200, targetW: 200, clamped: false });
    expect(resolveLevel(parsePowerLevel('105'), GPU)).toEqual({ requestedW: 210, targetW: 210, clamped: false });
  });

  it('clamps into [min, max] and says so', () => {
    expect(resolveLevel(parsePowerLevel('41'), GPU)).toEqual({ requestedW: 82, targetW: 100, clamped: true });
    expect(resolveLevel(parsePowerLevel('250w'), GPU)).toEqual({ requestedW: 250, targetW: 220, clamped: true });
    expect(resolveLevel(parsePowerLevel('150w'), GPU)).toEqual({ requestedW: 150, targetW: 150, clamped: false });
  });

  it('leaves watts unclamped when the GPU reports no range', () => {
    const open = { ...GPU, power_limit_min_w: null, power_limit_max_w: null };
    expect(resolveLevel(parsePowerLevel('900w'), open)).toEqual({ requestedW: 900, targetW: 900, clamped: false });
  });

  it('refuses a percent when the GPU reports no default limit', () => {
    expect(() => resolveLevel(parsePowerLevel('80'), { ...GPU, power_limit_default_w: null })).toThrow(
      /GPU 0 reports no default power limit; give the level in watts/,
    );
  });
});

describe('classifySetLimit', () => {
  it('accepts the success answer', () => {
    expect(classifySetLimit(0, 'Power limit for GPU 00000000:01:00.0 was set to 150.00 W from 200.00 W.\nAll done.\n')).toEqual({ ok: true });
  });

  it('refuses Insufficient Permissions (exit 4)', () => {
    const outcome = classifySetLimit(
      4,
      'Failed to set power management limit for GPU 00000000:01:00.0: Insufficient Permissions\nTerminating early due to previous errors.\n',
    );
    expect(outcome).toEqual({ ok: false, why: 'Insufficient Permissions' });
  });

  it('refuses "not supported" even though nvidia-smi exits 0 for it', () => {
    const outcome = classifySetLimit(
      0,
      'Changing power management limit is not supported for GPU: 00000000:01:00.0.\nTreating as warning and moving on.\nAll done.\n',
    );
    expect(outcome.ok).toBe(false);
  });

  it("refuses an out-of-range value with the tool's own sentence", () => {
    const outcome = classifySetLimit(
      2,
      'Provided power limit 50.00 W is not a valid power limit which should be between 100.00 W and 220.00 W for GPU 00000000:01:00.0\nTerminating early due to previous errors.\n',
    );
    expect(outcome).toEqual({
      ok: false,
      why: 'Provided power limit 50.00 W is not a valid power limit which should be between 100.00 W and 220.00 W for GPU 00000000:01:00.0',
    });
  });

  it('refuses any other non-zero exit', () => {
    expect(classifySetLimit(9, "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.")).toMatchObject({ ok: false });
    expect(classifySetLimit(255, '')).toEqual({ ok: false, why: 'exit code 255' });
  });
});
