import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { DISCOVERY_FIELDS, parseGpuFacts } from '../../../runner/gpu/gpu-facts.ts';
import { parseSmiTimestamp } from '../../../runner/gpu/csv.ts';
import { parseSampleLine, SAMPLE_FIELDS } from '../../../runner/gpu/sample.ts';
import { createFakeNvidiaSmi, FAKE_GPU, FAKE_NVIDIA_SMI, type FakeNvidiaSmi, type FakeNvidiaSmiOptions } from '../../fakes/fake-nvidia-smi.ts';

// The fake stands in for the real tool in every GPU test, so its layouts are checked here against
// the real ones (sources in docs/energy.md).

const fakes: FakeNvidiaSmi[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.cleanup();
});

async function smi(args: string[], options: FakeNvidiaSmiOptions = {}) {
  const fake = await createFakeNvidiaSmi(options);
  fakes.push(fake);
  return run(fake, args);
}

function run(fake: FakeNvidiaSmi, args: string[]): Promise<{ code: number; stdout: string; fake: FakeNvidiaSmi }> {
  return new Promise((resolve) => {
    execFile(FAKE_NVIDIA_SMI, args, { env: { ...process.env, ...fake.env } }, (error, stdout) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, fake });
    });
  });
}

describe('fake nvidia-smi', () => {
  it('answers --query-gpu with a header and units, or without them', async () => {
    const query = `--query-gpu=${DISCOVERY_FIELDS.join(',')}`;
    const withUnits = await smi([query, '--format=csv']);
    const [header, row] = withUnits.stdout.trim().split('\n');
    expect(header).toBe(
      'index, name, uuid, driver_version, memory.total [MiB], power.min_limit [W], power.max_limit [W], power.default_limit [W], power.limit [W], enforced.power.limit [W]',
    );
    expect(row).toMatch(/^0, NVIDIA GeForce RTX 4070, GPU-[0-9a-f-]+, 550\.54\.14, 12282 MiB, 100\.00 W, 220\.00 W, 200\.00 W, 200\.00 W, 200\.00 W$/);
    const bare = await smi([query, '--format=csv,noheader,nounits']);
    expect(bare.stdout).toMatch(/^0, NVIDIA GeForce RTX 4070, GPU-[0-9a-f-]+, 550\.54\.14, 12282, 100\.00, 220\.00, 200\.00, 200\.00, 200\.00\n$/);
    expect(parseGpuFacts(withUnits.stdout)).toEqual(parseGpuFacts(bare.stdout));
  });

  it('prints [Not Supported] limits and [N/A] counters in those modes, and two GPUs', async () => {
    const limits = await smi(['--query-gpu=power.limit,power.default_limit', '--format=csv,noheader'], { powerLimit: 'unsupported' });
    expect(limits.stdout).toBe('[Not Supported], [Not Supported]\n');
    const counter = await smi([`--query-gpu=${SAMPLE_FIELDS.join(',')}`, '--format=csv,noheader,nounits'], { energy: 'na', gpus: 2 });
    const lines = counter.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.map((line) => parseSampleLine(line, 0, SAMPLE_FIELDS))).toMatchObject([
      { gpu: 0, energyMj: null },
      { gpu: 1, energyMj: null },
    ]);
    expect(parseSmiTimestamp(lines[0].split(', ')[0])).toBeGreaterThan(0);
  });

  it('rejects a field it does not know, as an older nvidia-smi does', async () => {
    const result = await smi(['--query-gpu=index,total_energy_consumption', '--format=csv'], { energy: 'unknown-field' });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^Field "total_energy_consumption" is not a valid field to query\./);
  });

  it('prints -q -d POWER in the real text layout', async () => {
    const { stdout } = await smi(['-q', '-d', 'POWER']);
    expect(stdout).toMatch(/^\n==============NVSMI LOG==============\n\n/);
    expect(stdout).toMatch(/\nTimestamp {46}: \w{3} \w{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}\n/);
    expect(stdout).toContain('\nAttached GPUs                                          : 1\nGPU 00000000:01:00.0\n    GPU Power Readings\n');
    expect(stdout).toContain('        Current Power Limit                            : 200.00 W\n');
    expect(stdout).toContain('        Min Power Limit                                : 100.00 W\n');
    expect(stdout).toContain('        Max Power Limit                                : 220.00 W\n');
  });

  it('sets a limit within range, writes it to its state, and refuses the rest with the real texts and exit codes', async () => {
    const ok = await smi(['-i', '0', '-pl', '150']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('Power limit for GPU 00000000:01:00.0 was set to 150.00 W from 200.00 W.\nAll done.\n');
    expect(await ok.fake.limitFile(0)).toBe(150);

    const low = await run(ok.fake, ['-i', '0', '-pl', '50']);
    expect(low.code).toBe(2);
    expect(low.stdout).toBe(
      'Provided power limit 50.00 W is not a valid power limit which should be between 100.00 W and 220.00 W for GPU 00000000:01:00.0\nTerminating early due to previous errors.\n',
    );
    expect(await ok.fake.limitFile(0)).toBe(150);

    const denied = await smi(['-i', '0', '-pl', '150'], { permission: 'denied' });
    expect(denied.code).toBe(4);
    expect(denied.stdout).toMatch(/^Failed to set power management limit for GPU 00000000:01:00\.0: Insufficient Permissions\n/);
    expect(await denied.fake.limitFile(0)).toBeNull();

    const unsupported = await smi(['-i', '0', '-pl', '150'], { powerLimit: 'unsupported' });
    expect(unsupported.code).toBe(0);
    expect(unsupported.stdout).toMatch(
      /^Changing power management limit is not supported for GPU: 00000000:01:00\.0\.\nTreating as warning and moving on\.\nAll done\.\n$/,
    );
    expect(await unsupported.fake.limitFile(0)).toBeNull();
  });

  it('streams -lms samples until killed, the counter rising faster while busy, and logs every call', async () => {
    const fake = await createFakeNvidiaSmi();
    fakes.push(fake);
    const child = spawn(FAKE_NVIDIA_SMI, [`--query-gpu=${SAMPLE_FIELDS.join(',')}`, '--format=csv,noheader,nounits', '-lms', '100'], {
      env: { ...process.env, ...fake.env },
    });
    const samples: Array<{ atMs: number; mj: number }> = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      const sample = parseSampleLine(line, Date.now(), SAMPLE_FIELDS);
      if (sample?.energyMj != null) samples.push({ atMs: sample.atMs, mj: sample.energyMj });
    });
    const rate = async (ms: number) => {
      const from = samples.length;
      await new Promise((resolve) => setTimeout(resolve, ms));
      const a = samples[from];
      const b = samples.at(-1)!;
      return (b.mj - a.mj) / (b.atMs - a.atMs); // mJ per ms = W
    };
    await new Promise((resolve) => setTimeout(resolve, 400));
    const idle = await rate(1000);
    await fake.setBusy(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const busy = await rate(1000);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('exit', resolve));

    expect(samples.length).toBeGreaterThan(15);
    expect(samples.every((s, i) => i === 0 || s.mj >= samples[i - 1].mj)).toBe(true);
    // The counter moves in 100 ms refreshes, so a 1 s rate is within ~20 % of the draw.
    expect(Math.abs(idle - FAKE_GPU.idleW)).toBeLessThan(0.25 * FAKE_GPU.idleW);
    expect(Math.abs(busy - FAKE_GPU.busyW)).toBeLessThan(0.25 * FAKE_GPU.busyW);
    expect(await fake.invocations()).toHaveLength(1);
  });
});
