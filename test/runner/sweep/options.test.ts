import { describe, expect, it } from 'vitest';
import { CliError } from '../../../lib/cli-error.ts';
import { parseRunFlags, runHelp, RUN_FLAGS } from '../../../runner/sweep/flags.ts';
import { SweepOptionsSchema, optionsFromFlags, parseDatasetFlag, runTarget } from '../../../runner/sweep/options.ts';

const resolve = (argv: string[]) => optionsFromFlags(parseRunFlags(argv));

function cliError(fn: () => unknown): CliError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).not.toContain('\n');
    return error as CliError;
  }
  throw new Error('expected a CliError');
}

describe('run flags', () => {
  it('resolves defaults that match the documented ones', () => {
    const options = resolve(['--models', 'sim:small']);
    expect(SweepOptionsSchema.parse({ ...options, experiments: ['x'] })).toEqual({ ...options, experiments: ['x'] });
    expect(options).toMatchObject({
      models: ['sim:small'],
      experiments: [],
      arms: ['plain'],
      repeats: 1,
      samples: 1,
      tdp_levels: null,
      idle_seconds: 5,
      settle_seconds: 2,
      api_key_env: 'OPENAI_API_KEY',
      temperature: null,
      seed: 1234,
      max_tokens: null,
      usd_per_kwh: null,
      retries: 3,
      timeout_ms: 120000,
      think: false,
    });
  });

  it('parses every kind of value', () => {
    const options = resolve([
      '--models',
      'qwen3:8b, sim:large',
      '--experiments',
      'a,b,gsm8k,humaneval',
      '--arms',
      'plain,contract',
      '--repeats',
      '3',
      '--samples',
      '5',
      '--tdp-levels',
      '41,80,250W',
      '--tdp-unmanaged',
      '--gpu',
      '1',
      '--idle-seconds',
      '0.3',
      '--settle-seconds',
      '0',
      '--base-url',
      'http://127.0.0.1:8000/v1',
      '--api-key-env',
      'MY_KEY',
      '--temperature',
      '0.7',
      '--seed=-3',
      '--max-tokens',
      '256',
      '--num-ctx',
      '8192',
      '--keep-alive',
      '10m',
      '--think',
      '--limit',
      '7',
      '--sample-seed',
      '9',
      '--dataset',
      'gsm8k=data/gsm8k.jsonl',
      '--dataset',
      `humaneval=https://x.test/h.jsonl.gz#sha256=${'A'.repeat(64)}`,
      '--usd-per-kwh',
      '0.3',
      '--pricing',
      'p.json',
      '--retries',
      '0',
      '--timeout-ms',
      '5000',
    ]);
    expect(options).toMatchObject({
      models: ['qwen3:8b', 'sim:large'],
      experiments: ['a', 'b', 'gsm8k', 'humaneval'],
      arms: ['plain', 'contract'],
      repeats: 3,
      samples: 5,
      tdp_levels: ['41', '80', '250w'],
      tdp_unmanaged: true,
      gpu: 1,
      idle_seconds: 0.3,
      settle_seconds: 0,
      base_url: 'http://127.0.0.1:8000/v1',
      api_key_env: 'MY_KEY',
      temperature: 0.7,
      seed: -3,
      max_tokens: 256,
      num_ctx: 8192,
      keep_alive: '10m',
      think: true,
      limit: 7,
      sample_seed: 9,
      usd_per_kwh: 0.3,
      pricing: 'p.json',
      retries: 0,
      timeout_ms: 5000,
      datasets: { gsm8k: { source: 'data/gsm8k.jsonl', sha256: null }, humaneval: { source: 'https://x.test/h.jsonl.gz', sha256: 'a'.repeat(64) } },
    });
  });

  it.each([
    [['--models', 'sim:small', '--bogus'], /^unknown flag --bogus;/],
    [['--models', 'sim:small', '-x'], /^unknown flag -x;/],
    [['--models'], /--models/],
    [['--models', 'sim:small', 'extra'], /unexpected argument 'extra'/],
    [[], /--models is required/],
    [['--models', 'bad spec!'], /bad model spec/],
    [['--models', 'sim:a,sim:a'], /listed twice/],
    [['--models', 'sim:a,,sim:b'], /empty entry/],
    [['--models', 'sim:a', '--repeats', '0'], /--repeats: expected at least 1/],
    [['--models', 'sim:a', '--repeats', '2.5'], /--repeats: expected a whole number/],
    [['--models', 'sim:a', '--samples', 'many'], /--samples: expected a whole number/],
    [['--models', 'sim:a', '--temperature=-1'], /--temperature: expected a non-negative number/],
    // A negative number after a flag is read as its value, so the flag's own check names the problem.
    [['--models', 'sim:a', '--temperature', '-1'], /^--temperature: expected a non-negative number, got '-1'$/],
    [['--models', 'sim:a', '--usd-per-kwh', 'abc'], /--usd-per-kwh/],
    [['--models', 'sim:a', '--timeout-ms', '0'], /--timeout-ms: expected at least 1/],
    [['--models', 'sim:a', '--tdp-levels', '80,fast'], /--tdp-levels: 'fast' is not a power level/],
    [['--models', 'sim:a', '--tdp-levels', '0'], /--tdp-levels: '0' is not a power level/],
    [['--models', 'sim:a', '--tdp-levels', '250'], /did you mean '250w'/],
    [['--models', 'sim:a', '--tdp-levels', '80,80'], /listed twice/],
    [['--models', 'sim:a', '--dataset', 'gsm8k'], /--dataset: bad value/],
    [['--models', 'sim:a', '--dataset', 'gsm8k=a', '--dataset', 'gsm8k=b'], /given twice/],
    // A dataset for a suite the sweep does not run used to be ignored without a word.
    [
      ['--models', 'sim:a', '--experiments', 'math_measurement_v1', '--dataset', 'gsm8k=a.jsonl'],
      /^--dataset gsm8k is given but gsm8k is not in --experiments; add it \(--experiments math_measurement_v1,gsm8k\) or drop the --dataset$/,
    ],
    [['--models', 'sim:a', '--base-url', 'localhost:8000'], /--base-url/],
    [['--models', 'sim:a', '--api-key-env', 'sk-abc123secret'], /not an environment variable name/],
    [['--models', 'sim:a', '--experiments', ''], /--experiments: empty entry/],
    [['--models', 'sim:a', '--pricing', ' '], /--pricing: expected a value/],
  ])('rejects %j with one line', (argv, message) => {
    expect(cliError(() => resolve(argv)).message).toMatch(message);
  });

  it('never echoes a pasted API key', () => {
    expect(cliError(() => resolve(['--models', 'sim:a', '--api-key-env', 'sk-abc123secret'])).message).not.toContain('abc123secret');
  });

  it('keeps --resume apart from options that would change the plan', () => {
    expect(runTarget(parseRunFlags(['--resume', 'sweep-20260101T000000Z-abcd', '--ledgers-dir', 'x']))).toEqual({
      resume: 'sweep-20260101T000000Z-abcd',
      ledgersDir: 'x',
      out: null,
      dryRun: false,
      maxTransportFailures: 5,
      retryTransport: true,
      concurrency: 1,
      shard: null,
      sweepId: null,
    });
    // So is how many requests it keeps in flight.
    expect(runTarget(parseRunFlags(['--resume', 'sweep-x', '--concurrency', '4'])).concurrency).toBe(4);
    expect(cliError(() => runTarget(parseRunFlags(['--models', 'sim:a', '--concurrency', '0']))).message).toMatch(/--concurrency: expected at least 1/);
    // How this session treats transport failures is not part of the plan: allowed beside --resume.
    expect(runTarget(parseRunFlags(['--resume', 'sweep-20260101T000000Z-abcd', '--no-retry-transport', '--max-transport-failures', '0']))).toMatchObject({
      maxTransportFailures: 0,
      retryTransport: false,
    });
    expect(runTarget(parseRunFlags(['--resume', 'sweep-x', '--retry-transport'])).retryTransport).toBe(true);
    expect(cliError(() => runTarget(parseRunFlags(['--resume', 'sweep-x', '--retry-transport', '--no-retry-transport']))).message).toMatch(
      /--retry-transport and --no-retry-transport contradict each other/,
    );
    expect(cliError(() => runTarget(parseRunFlags(['--models', 'sim:a', '--max-transport-failures', '-1']))).message).toMatch(
      /--max-transport-failures: expected at least 0, got -1/,
    );
    expect(cliError(() => runTarget(parseRunFlags(['--resume', 'sweep-x', '--models', 'sim:a']))).message).toMatch(/--models cannot be combined with --resume/);
    expect(cliError(() => runTarget(parseRunFlags(['--resume', '../etc']))).message).toMatch(/not a sweep id/);
  });

  it('normalises levels and dataset flags', () => {
    expect(resolve(['--models', 'sim:a', '--tdp-levels', ' 144W ,41,080']).tdp_levels).toEqual(['144w', '41', '80']);
    expect(parseDatasetFlag('mbpp=/data/mbpp.jsonl')).toEqual({ name: 'mbpp', source: '/data/mbpp.jsonl', sha256: null });
  });

  it('documents every flag in --help', () => {
    const help = runHelp();
    for (const flag of RUN_FLAGS) expect(help).toContain(`--${flag.name}`);
  });
});
