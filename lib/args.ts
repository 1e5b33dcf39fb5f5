import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` parseArgs for a subcommand, with the two things it does badly for a CLI fixed:
 * - a value that looks like a negative number (`--seed -3`, `--repeats -1`, `--tdp-levels -5w`) is
 *   taken as that flag's value, so the flag's own check can say what is wrong with it, instead of
 *   parseArgs' "argument is ambiguous";
 * - its errors (several lines, with advice about `--`) become one `CliError` line that names the
 *   flag and points at `ledgerbench <command> --help`.
 */
export function parseCommandArgs<T extends Options>(command: string, argv: readonly string[], options: T, allowPositionals = false) {
  const args = joinNegativeValues(argv, options);
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (error) {
    throw new CliError(argsErrorLine(command, argv, error));
  }
}

/** `--flag -3` → `--flag=-3` for string flags: a leading `-` then a digit or a dot is a value, never a flag. */
export function joinNegativeValues(argv: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : null;
    if (name !== null && options[name]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** One line for a parseArgs error, by its code; the message's first sentence for anything else. */
export function argsErrorLine(command: string, argv: readonly string[], error: unknown): string {
  const help = `see ledgerbench ${command} --help`;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const flag = quoted.split(' ')[0]!;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${flag}; ${help} for the flags`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${quoted}'; flags take the form --name value (${help})`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      // Either a missing value ("--x <value>' argument missing") or a value given to a switch.
      if (message.includes('argument missing')) return `${flag}: missing value; ${help}`;
      if (message.includes('ambiguous')) {
        const next = argv[argv.indexOf(flag) + 1];
        return `${flag}: missing value (the next argument${next ? ` '${next}'` : ''} is a flag); a value that starts with '-' must be written ${flag}=VALUE`;
      }
      if (message.includes('does not take an argument')) return `${flag} is a switch and takes no value; ${help}`;
      break;
    }
  }
  return `${message.split(/\.\s|\n/)[0]!.replace(/\.$/, '')}; ${help}`;
}
