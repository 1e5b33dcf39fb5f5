import { describe, expect, it } from 'vitest';
import { CliError } from '../../../lib/cli-error.ts';
import { createStopHandler } from '../../../runner/commands/stop-signals.ts';

/** A recorder for what the handler writes and the exit code it asks for (process.exit cannot run in a test). */
function recorder() {
  const written: string[] = [];
  const exits: number[] = [];
  return { written, exits, io: { write: (text: string) => void written.push(text), exit: (code: number) => void exits.push(code) } };
}

describe('createStopHandler', () => {
  it('the first signal aborts the sweep with the signal exit code and does not exit', () => {
    const controller = new AbortController();
    const { written, exits, io } = recorder();
    const stop = createStopHandler(controller, io);
    stop.onSignal('SIGTERM');
    expect(controller.signal.aborted).toBe(true);
    expect(controller.signal.reason).toEqual(new CliError('interrupted by SIGTERM', 143));
    expect(stop.received).toBe('SIGTERM');
    expect(written).toEqual(['\nSIGTERM: stopping; a run in flight is cut short and not written (send again to quit at once)\n']);
    expect(exits).toEqual([]);
  });

  it('a second signal quits at once and still says how to resume (no summary follows it)', () => {
    const { written, exits, io } = recorder();
    const stop = createStopHandler(new AbortController(), io);
    stop.setResumeCommand("npx ledgerbench run --resume sweep-x --ledgers-dir '/tmp/a b'");
    stop.onSignal('SIGINT');
    stop.onSignal('SIGINT');
    expect(written[1]).toBe("SIGINT again: quitting now; whole runs are kept; resume with: npx ledgerbench run --resume sweep-x --ledgers-dir '/tmp/a b'\n");
    expect(exits).toEqual([130]);
  });

  it('before the ledger is open, the second signal says nothing was opened', () => {
    const { written, exits, io } = recorder();
    const stop = createStopHandler(new AbortController(), io);
    stop.onSignal('SIGINT');
    stop.onSignal('SIGTERM');
    expect(written[1]).toBe('SIGTERM again: quitting now; no ledger was opened yet\n');
    expect(exits).toEqual([143]);
  });
});
