import { CliError } from '../../lib/cli-error.ts';
import { defaultEffects } from '../sweep/effects.ts';
import { parseRunFlags, runHelp } from '../sweep/flags.ts';
import { runSweep } from '../sweep/loop.ts';
import { optionsFromFlags, runTarget } from '../sweep/options.ts';

/** Conventional shell exit codes for a process stopped by a signal: 128 + signal number. */
const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * `ledgerbench run`: every flag is checked before anything is created; then the sweep runs.
 * The first SIGINT/SIGTERM stops it after the run in flight (or aborts that run), restores the
 * GPU limit and prints how to resume; a second one exits at once.
 */
export async function main(argv: string[]): Promise<number> {
  const flags = parseRunFlags(argv);
  if (flags.help === true) {
    console.log(runHelp());
    return 0;
  }
  const target = runTarget(flags);
  const options = target.resume === null ? optionsFromFlags(flags) : null;

  const controller = new AbortController();
  let received: 'SIGINT' | 'SIGTERM' | null = null;
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    if (received !== null) {
      // A second signal: the user insists. The GPU layer's exit hook still restores the limit.
      process.exit(SIGNAL_EXIT[signal]);
    }
    received = signal;
    process.stderr.write(`\n${signal}: stopping after the run in flight (send again to quit at once)\n`);
    controller.abort(new CliError(`interrupted by ${signal}`, SIGNAL_EXIT[signal]));
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    const outcome = await runSweep(target, options, defaultEffects(controller.signal));
    if (received !== null) return SIGNAL_EXIT[received];
    return outcome.interrupted ? 1 : 0;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}
