import { CliError } from '../../lib/cli-error.ts';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Conventional shell exit codes for a process stopped by a signal: 128 + signal number. */
export const SIGNAL_EXIT: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/** What a stop handler acts on: the process in `run`, recorders in tests. */
export interface StopIo {
  write(text: string): void;
  exit(code: number): void;
}

export interface StopHandler {
  /** Call on each SIGINT/SIGTERM. */
  onSignal(signal: StopSignal): void;
  /** The first signal received, or null. */
  readonly received: StopSignal | null;
  /** Remembers the resume command once the sweep's ledger is open. */
  setResumeCommand(command: string): void;
}

/**
 * The first signal aborts `controller` (every request in flight is aborted with it; the sweep
 * prints its summary); a second one quits at once. That second path prints no summary, so it
 * says in one line how to finish the sweep (or that nothing was opened yet).
 */
export function createStopHandler(controller: AbortController, io: StopIo): StopHandler {
  let received: StopSignal | null = null;
  let resumeCommand: string | null = null;
  return {
    get received() {
      return received;
    },
    setResumeCommand(command) {
      resumeCommand = command;
    },
    onSignal(signal) {
      if (received !== null) {
        // The user insists. The GPU layer's exit hook still restores the limit.
        const next = resumeCommand === null ? 'no ledger was opened yet' : `whole runs are kept; resume with: ${resumeCommand}`;
        io.write(`${signal} again: quitting now; ${next}\n`);
        io.exit(SIGNAL_EXIT[signal]);
        return;
      }
      received = signal;
      io.write(`\n${signal}: stopping; a run in flight is cut short and not written (send again to quit at once)\n`);
      controller.abort(new CliError(`interrupted by ${signal}`, SIGNAL_EXIT[signal]));
    },
  };
}
