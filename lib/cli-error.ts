/**
 * The one error a user ever sees: a located, single-line message and an exit code.
 * Code anywhere throws it; `bin/cli.ts` catches it in exactly one place.
 */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

export function isCliError(error: unknown): error is CliError {
  return error instanceof CliError;
}
