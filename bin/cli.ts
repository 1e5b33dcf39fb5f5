import { isCliError } from '../lib/cli-error.ts';

/** Each subcommand lives in its own module, imported only when used (DuckDB and HTTP clients are heavy). */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ main(argv: string[]): Promise<number | void> }> }> = {
  run: { summary: 'run a sweep into a new ledger', load: () => import('../runner/commands/run.ts') },
  export: { summary: 'rebuild data/ from every ledger', load: () => import('../exporter/commands/export.ts') },
  score: { summary: 'score external responses with a named evaluator', load: () => import('../runner/commands/score.ts') },
  compare: { summary: 'paired verdicts for two models from the ledgers', load: () => import('../exporter/commands/compare.ts') },
  diff: { summary: 'compare two exports; exit 1 on a significant regression', load: () => import('../exporter/commands/diff.ts') },
  status: { summary: 'which planned runs of a (sharded) sweep are done, failed or missing', load: () => import('../runner/commands/status.ts') },
  import: { summary: 'bring results from other harnesses into a new ledger', load: () => import('../runner/commands/import.ts') },
  replay: { summary: 'replay recorded sessions on a candidate; agreement with history', load: () => import('../runner/commands/replay.ts') },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return ['usage: ledgerbench <command> [options]   (ledgerbench <command> --help for its options)', '', ...lines].join('\n');
}

export async function cli(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((arg) => arg !== '--debug');
  const [command, ...rest] = args;
  if (command === undefined) {
    // A mistake, not a request for help: one line on stderr, like every other user error.
    console.error(`ledgerbench: missing command; try one of: ${Object.keys(COMMANDS).join(', ')} (ledgerbench --help for what each does)`);
    return 2;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(usage());
    return 0;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    console.error(`ledgerbench: unknown command '${command}'; try one of: ${Object.keys(COMMANDS).join(', ')}`);
    return 2;
  }
  try {
    const module = await entry.load();
    return (await module.main(rest)) ?? 0;
  } catch (error) {
    if (isCliError(error)) {
      console.error(`ledgerbench ${command}: ${error.message}`);
      if (debug && error.stack) console.error(error.stack);
      return error.exitCode;
    }
    console.error(`ledgerbench ${command}: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    if (debug && error instanceof Error && error.stack) console.error(error.stack);
    else console.error('(run again with --debug for the stack trace)');
    return 1;
  }
}
