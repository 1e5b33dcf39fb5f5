import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entries, fixture, readLedger, runImport, tempFolder } from './helpers.ts';

async function importJarri() {
  const out = join(tempFolder(), 'jarri.jsonl');
  await runImport(['--from', 'jarri', fixture('jarri', 'llm_benchmark_runs.jsonl'), '--out', out]);
  return readLedger(out);
}

describe('import --from jarri', () => {
  it('maps a clean run: gross joules from avg power × duration, theirs (idle subtracted) as net', async () => {
    const [ok] = await importJarri();
    expect(ok).toMatchObject({
      simulated: false,
      model: { name: 'qwen3:8b', backend: 'ollama' },
      experiment: 'coding',
      task: { id: 'sum_list', family: 'coding', hash: 'ph-sum-list-1' },
      repeat: 0,
      recorded_at: '2026-11-10T09:00:00.000Z',
      power_limit: { request: '80', mode: 'percent', requested_w: null, applied_w: 360 },
      tokens: { prompt: 120, output: 300 },
      timing: { wall_ms: 4000 },
      energy: { method: 'power-integration', joules: 1000, net_joules: 880, idle_w: 30, avg_power_w: 250, peak_power_w: 310, samples: 40, valid: true },
      evaluation: { evaluator: 'imported-jarri@1', score: 1, passed: true },
      failure: null,
      host: { hostname: null, gpu: { name: 'NVIDIA GeForce RTX 4090', uuid: 'GPU-1234', memory_mb: 24564 } },
    });
    expect(ok!.params).toEqual({ temperature: null, seed: null, max_tokens: null, keep_alive: '5m' });
    // The answer lives in report files the line only points at: not recorded, and said so.
    expect(ok!.response.text).toBeNull();
    expect(ok!.origin!.not_recorded).toContain('response.text');
    expect(ok!.origin!.dropped.join('\n')).toMatch(/runner_json_path: file paths on the source machine/);
    expect(JSON.stringify(ok)).not.toContain('/home/jarri');
  });

  it('does not take their success for ours: a 0% runtime error that returned over HTTP is a failed run', async () => {
    const runtime = (await importJarri())[1]!;
    expect(runtime.evaluation).toMatchObject({ passed: false, score: 0 });
    expect(runtime.failure).toEqual({ stage: 'execute', class: 'runtime_error', message: 'Traceback: ZeroDivisionError' });
  });

  it('a format violation is an extract failure, and their invalid energy stays invalid', async () => {
    const format = (await importJarri())[2]!;
    expect(format.failure).toMatchObject({ stage: 'extract', class: 'format_violation' });
    expect(format.evaluation).toMatchObject({ passed: false, score: 0.4 });
    expect(format.energy.valid).toBe(false);
    expect(format.energy.reason).toMatch(/too_few_samples; 3 baseline clamp events/);
  });

  it('success: false is a transport failure with nothing measured', async () => {
    const transport = (await importJarri())[3]!;
    expect(transport.failure).toEqual({ stage: 'transport', class: 'transport_error', message: 'connection refused' });
    expect(transport.energy).toMatchObject({ method: 'none', joules: null, valid: false });
    expect(transport.timing.wall_ms).toBeNull();
    expect(transport.origin!.not_recorded).toEqual(expect.arrayContaining(['timing.wall_ms', 'energy.joules', 'tokens.output']));
  });

  it('a partial score is a semantic failure naming the checks', async () => {
    const partial = (await importJarri())[4]!;
    expect(partial.failure).toEqual({ stage: 'semantic', class: 'imported_fail', message: '3 of 5 checks passed' });
    expect(partial.origin!.their_verdict).toMatchObject({ passed: false, score: 0.6, scorer: 'python_tests', detail: '3 of 5 checks passed' });
  });

  it('leaves an incompletely named GPU out rather than fill in its uuid or memory', async () => {
    const folder = tempFolder();
    const source = join(folder, 'runs.jsonl');
    const line = JSON.parse(readFileSync(fixture('jarri', 'llm_benchmark_runs.jsonl'), 'utf8').split('\n')[0]!);
    delete line.gpu_uuid;
    writeFileSync(source, `${JSON.stringify(line)}\n`);
    await runImport(['--from', 'jarri', source, '--out', join(folder, 'out.jsonl')]);
    const [record] = readLedger(join(folder, 'out.jsonl'));
    expect(record!.host.gpu).toBeNull();
    expect(record!.origin!.not_recorded).toContain('host.gpu');
    expect(record!.origin!.dropped.join('\n')).toMatch(/GPU identity is incomplete/);
  });

  it('--model-name renames the model', async () => {
    const out = join(tempFolder(), 'renamed.jsonl');
    await runImport(['--from', 'jarri', fixture('jarri', 'llm_benchmark_runs.jsonl'), '--model-name', 'qwen3:8b-q4', '--out', out]);
    expect(new Set(readLedger(out).map((r) => r.model.name))).toEqual(new Set(['qwen3:8b-q4']));
  });

  it.each([
    ['bad-missing-field.jsonl', /bad-missing-field\.jsonl:2: task_family: /],
    ['not-jarri.jsonl', /not-jarri\.jsonl:1: timestamp_utc: /],
  ])('refuses %s naming the line and the field', async (name, message) => {
    const folder = tempFolder();
    await expect(runImport(['--from', 'jarri', fixture('jarri', name), '--out', join(folder, 'x.jsonl')])).rejects.toThrow(message);
    expect(entries(folder)).toEqual([]);
  });
});
