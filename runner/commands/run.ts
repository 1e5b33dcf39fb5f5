import { defaultEffects } from '../sweep/effects.ts';
import { parseRunFlags, runHelp } from '../sweep/flags.ts';
import { runSweep } from '../sweep/loop.ts';
import { optionsFromFlags, runTarget } from '../sweep/options.ts';
import { TRANSPORT_EXIT } from '../sweep/outage.ts';
import { CliError } from '../../lib/cli-error.ts';
import { createStopHandler, SIGNAL_EXIT } from './stop-signals.ts';

/**
 * `ledgerbench run`: every flag is checked before anything is created; then the sweep runs.
 * The first SIGINT/SIGTERM aborts whatever request is in flight (preflight, warm-up or run; an
 * aborted run is not written), restores the GPU limit and prints how to resume; a second one
 * exits at once. Exit 3: the sweep stopped for an outage, or transport failures remain in it.
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
  const stop = createStopHandler(controller, { write: (text) => process.stderr.write(text), exit: (code) => process.exit(code) });
  const onInt = () => stop.onSignal('SIGINT');
  const onTerm = () => stop.onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    const effects = { ...defaultEffects(controller.signal), onLedgerOpen: (command: string) => stop.setResumeCommand(command) };
    const outcome = await runSweep(target, options, effects).catch((error: unknown) => {
      // Whatever a stopped request threw on its way out (before any ledger was opened), the user asked for the stop.
      if (stop.received !== null && !(error instanceof CliError && error.exitCode === SIGNAL_EXIT[stop.received])) {
        throw new CliError(`interrupted by ${stop.received}`, SIGNAL_EXIT[stop.received]);
      }
      throw error;
    });
    if (stop.received !== null) return SIGNAL_EXIT[stop.received];
    if (outcome.dryRun) return 0;
    if (outcome.outage !== null || outcome.transportLeft > 0) return TRANSPORT_EXIT;
    return outcome.interrupted ? 1 : 0;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    if (stop.received !== null) {
      // Everything that matters is done (ledger closed, limit restored, summary printed). Work left
      // behind at the stop, such as a GPU idle-baseline wait, must not hold the process open: the
      // unref'd timer fires only if something still does.
      const code = SIGNAL_EXIT[stop.received];
      setTimeout(() => process.exit(code), LINGER_MS).unref();
    }
  }
}

/** How long a stopped sweep may linger on abandoned work before it exits anyway. */
const LINGER_MS = 50;
