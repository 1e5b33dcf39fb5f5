import { describe, expect, it } from 'vitest';
import { parseGpuFacts } from '../../../runner/gpu/gpu-facts.ts';

describe('parseGpuFacts', () => {
  it('reads one GPU per row of the discovery query (noheader, nounits)', () => {
    const stdout = [
      '0, NVIDIA H100 80GB HBM3, GPU-2b1f4c3e-0d6a-4f2b-8e3c-1a2b3c4d5e6f, 550.54.15, 81559, 200.00, 700.00, 700.00, 500.00, 500.00',
      '1, NVIDIA GeForce RTX 4090, GPU-7a6b5c4d-3e2f-1a0b-9c8d-7e6f5a4b3c2d, 550.54.15, 24564, 150.00, 600.00, 450.00, 450.00, 450.00',
      '',
    ].join('\n');
    const facts = parseGpuFacts(stdout);
    expect(facts).toHaveLength(2);
    expect(facts[0]).toEqual({
      gpu: {
        index: 0,
        name: 'NVIDIA H100 80GB HBM3',
        uuid: 'GPU-2b1f4c3e-0d6a-4f2b-8e3c-1a2b3c4d5e6f',
        driver: '550.54.15',
        memory_mb: 81559,
        power_limit_min_w: 200,
        power_limit_max_w: 700,
        power_limit_default_w: 700,
        power_limit_enforced_w: 500,
      },
      powerLimitW: 500,
    });
    expect(facts[1].gpu.index).toBe(1);
    expect(facts[1].gpu.power_limit_default_w).toBe(450);
  });

  it('reads [Not Supported] limits as null (laptop and some GeForce GPUs)', () => {
    const [facts] = parseGpuFacts(
      '0, NVIDIA GeForce RTX 4080 Laptop GPU, GPU-0f, 535.113.01, 12282, [Not Supported], [Not Supported], [Not Supported], [Not Supported], 175.00\n',
    );
    expect(facts.gpu.power_limit_min_w).toBeNull();
    expect(facts.gpu.power_limit_default_w).toBeNull();
    expect(facts.powerLimitW).toBeNull();
    expect(facts.gpu.power_limit_enforced_w).toBe(175);
  });

  it('skips a header row and reads values that carry units', () => {
    const stdout = [
      'index, name, uuid, driver_version, memory.total [MiB], power.min_limit [W], power.max_limit [W], power.default_limit [W], power.limit [W], enforced.power.limit [W]',
      '0, Tesla V100-SXM2-32GB, GPU-96ab, 470.82.01, 32510 MiB, 150.00 W, 300.00 W, 300.00 W, 300.00 W, 300.00 W',
    ].join('\n');
    const [facts] = parseGpuFacts(stdout);
    expect(facts.gpu.memory_mb).toBe(32510);
    expect(facts.gpu.power_limit_min_w).toBe(150);
  });

  it('names the line of a malformed row', () => {
    expect(() => parseGpuFacts('0, only, three\n')).toThrow(/line 1: expected 10 fields, got 3/);
    expect(() => parseGpuFacts('x, a, b, c, 1, 1, 1, 1, 1, 1\n')).toThrow(/line 1: index/);
  });
});
