import { parseCommandArgs } from '../../lib/args.ts';
import { CliError } from '../../lib/cli-error.ts';

/** One `ledgerbench run` flag: the parseArgs option and its line in `--help`, from one table. */
interface Flag {
  name: string;
  type: 'string' | 'boolean';
  multiple?: boolean;
  value?: string;
  help: string;
}

/** Every flag of `ledgerbench run`; `--help` and the parser are both generated from this table. */
export const RUN_FLAGS: readonly Flag[] = [
  { name: 'models', type: 'string', value: 'a,b', help: 'models to run: qwen3:8b (Ollama), openai:NAME, sim:NAME (required unless --resume)' },
  { name: 'experiments', type: 'string', value: 'a,b', help: 'suites to run (default: every built-in suite, plus each --dataset suite)' },
  { name: 'arms', type: 'string', value: 'a,b', help: 'prompt arms from experiments/_arms/<arm>.md (default plain)' },
  { name: 'repeats', type: 'string', value: 'N', help: 'repeats of every task (default 1)' },
  { name: 'samples', type: 'string', value: 'N', help: 'completions per task for pass@k; sample i uses seed + i (default 1)' },
  { name: 'tdp-levels', type: 'string', value: 'L,..', help: 'GPU power levels: percent of the default limit (80) or watts (250w)' },
  { name: 'tdp-unmanaged', type: 'boolean', help: 'label runs with the levels but never change the GPU limit' },
  { name: 'gpu', type: 'string', value: 'N', help: 'measure only GPU index N (default: every GPU, summed)' },
  { name: 'idle-seconds', type: 'string', value: 'S', help: 'idle baseline measured after each power level (default 5)' },
  { name: 'settle-seconds', type: 'string', value: 'S', help: 'wait after changing the power limit (default 2)' },
  { name: 'base-url', type: 'string', value: 'URL', help: 'OpenAI-compatible server for openai: models (e.g. http://127.0.0.1:8000/v1)' },
  { name: 'api-key-env', type: 'string', value: 'NAME', help: 'environment variable holding the API key (default OPENAI_API_KEY)' },
  { name: 'temperature', type: 'string', value: 'T', help: "sampling temperature (default: the suite's, else 0)" },
  { name: 'seed', type: 'string', value: 'S', help: 'generation seed (default 1234)' },
  { name: 'max-tokens', type: 'string', value: 'N', help: "output token cap (default: the suite's, else 1024)" },
  { name: 'num-ctx', type: 'string', value: 'N', help: 'context window passed to the server (Ollama num_ctx)' },
  { name: 'keep-alive', type: 'string', value: 'STR', help: 'how long Ollama keeps the model loaded (e.g. 10m)' },
  { name: 'think', type: 'boolean', help: 'ask thinking models to think (kept in response.thinking)' },
  { name: 'limit', type: 'string', value: 'N', help: 'run a deterministic subset of N tasks of each suite' },
  { name: 'sample-seed', type: 'string', value: 'S', help: 'seed that picks the --limit subset (default 0)' },
  {
    name: 'dataset',
    type: 'string',
    multiple: true,
    value: 'NAME=SRC[#sha256=HEX]',
    help: 'source of a standard suite (humaneval, mbpp, gsm8k): a .jsonl[.gz] path or URL; repeatable',
  },
  { name: 'usd-per-kwh', type: 'string', value: 'X', help: "electricity price in USD per kWh for local models (default: pricing.json's usd_per_kwh, 0.15)" },
  { name: 'pricing', type: 'string', value: 'FILE', help: 'token prices for hosted models (default pricing.json)' },
  { name: 'retries', type: 'string', value: 'N', help: 'retries of a failed request before it is recorded as a transport failure (default 3)' },
  {
    name: 'judge',
    type: 'string',
    value: 'M[,M2]',
    help: 'judge model(s) for judged suites; the first decides, a second is measured (default sim:judge for sim-only sweeps)',
  },
  { name: 'timeout-ms', type: 'string', value: 'N', help: 'per-request timeout (default 120000)' },
  {
    name: 'max-transport-failures',
    type: 'string',
    value: 'N',
    help: 'stop (exit 3) after N runs in a row fail at transport, or a failed warm-up (default 5; 0: never stop)',
  },
  { name: 'concurrency', type: 'string', value: 'N', help: 'requests kept in flight per model server (default 1; e.g. llama-server -np N)' },
  {
    name: 'shard',
    type: 'string',
    value: 'K/N',
    help: 'run part K of N (K 0-based: 0/4 to 3/4) into ledgers/<sweep_id>.shard-K-of-N.<host>.jsonl; with --resume, resume that part',
  },
  { name: 'sweep-id', type: 'string', value: 'ID', help: 'the sweep id (default: new; with --shard, derived from the flags, so every part agrees)' },
  { name: 'retry-transport', type: 'boolean', help: 'with --resume: run again the runs that ended in a transport failure (the default)' },
  { name: 'no-retry-transport', type: 'boolean', help: 'with --resume: keep transport failures as they are; make only the missing runs' },
  { name: 'ledgers-dir', type: 'string', value: 'DIR', help: 'where the ledger is written (default ledgers)' },
  { name: 'out', type: 'string', value: 'FILE', help: 'explicit ledger path ending in .jsonl (must not exist yet; its folder must)' },
  { name: 'resume', type: 'string', value: 'SWEEP_ID', help: 'finish an interrupted sweep: run only its missing runs, into the same ledger' },
  { name: 'dry-run', type: 'boolean', help: 'print the plan (sizes and first runs), write nothing' },
  { name: 'help', type: 'boolean', help: 'show this help' },
];

/** The raw values parseArgs returned, keyed by flag name. */
export type RawFlags = Record<string, string | boolean | string[] | undefined>;

export function runHelp(): string {
  const label = (flag: Flag) => `--${flag.name}${flag.value ? ` ${flag.value}` : ''}`;
  const width = Math.max(...RUN_FLAGS.map((flag) => label(flag).length));
  return [
    'usage: ledgerbench run --models a,b [options]',
    '       ledgerbench run --resume SWEEP_ID',
    '',
    'Runs models x suites x tasks x arms x repeats x samples x power levels; appends one record a run',
    'to ledgers/<sweep_id>.jsonl.',
    '',
    ...RUN_FLAGS.map((flag) => `  ${label(flag).padEnd(width)}  ${flag.help}`),
  ].join('\n');
}

/** Parses argv strictly: an unknown flag or a missing value is one CliError line. */
export function parseRunFlags(argv: string[]): RawFlags {
  const options = Object.fromEntries(RUN_FLAGS.map((flag) => [flag.name, { type: flag.type, ...(flag.multiple ? { multiple: true } : {}) }])) as Record<
    string,
    { type: 'string' | 'boolean'; multiple?: boolean }
  >;
  const { values, positionals } = parseCommandArgs('run', argv, options, true);
  if (positionals.length > 0) {
    throw new CliError(`unexpected argument '${positionals[0]}'; flags take the form --name value (see ledgerbench run --help)`);
  }
  return values as RawFlags;
}
