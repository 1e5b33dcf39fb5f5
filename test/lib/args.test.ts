import { describe, expect, it } from 'vitest';
import { joinNegativeValues, parseCommandArgs } from '../../lib/args.ts';
import { CliError } from '../../lib/cli-error.ts';

const options = { seed: { type: 'string' }, out: { type: 'string' }, 'dry-run': { type: 'boolean' } } as const;

function errorOf(argv: string[], positionals = false): string {
  try {
    parseCommandArgs('run', argv, options, positionals);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return (error as CliError).message;
  }
  throw new Error('expected a CliError');
}

describe('parseCommandArgs', () => {
  it('takes a negative number after a string flag as its value', () => {
    expect(parseCommandArgs('run', ['--seed', '-3'], options).values.seed).toBe('-3');
    expect(parseCommandArgs('run', ['--seed', '-.5'], options).values.seed).toBe('-.5');
    expect(joinNegativeValues(['--seed', '-5w', '--dry-run'], options)).toEqual(['--seed=-5w', '--dry-run']);
    // A boolean flag never swallows what follows, and a flag-looking word stays a flag.
    expect(joinNegativeValues(['--dry-run', '-1'], options)).toEqual(['--dry-run', '-1']);
    expect(joinNegativeValues(['--out', '--dry-run'], options)).toEqual(['--out', '--dry-run']);
  });

  it.each([
    [['--bogus'], 'unknown flag --bogus; see ledgerbench run --help for the flags'],
    [['--out'], '--out: missing value; see ledgerbench run --help'],
    [['--out', '--dry-run'], "--out: missing value (the next argument '--dry-run' is a flag); a value that starts with '-' must be written --out=VALUE"],
    [['--dry-run=yes'], '--dry-run is a switch and takes no value; see ledgerbench run --help'],
    [['stray'], "unexpected argument 'stray'; flags take the form --name value (see ledgerbench run --help)"],
  ])('%j is one line: %s', (argv, line) => {
    const message = errorOf(argv);
    expect(message).toBe(line);
    expect(message).not.toContain('\n');
  });
});
