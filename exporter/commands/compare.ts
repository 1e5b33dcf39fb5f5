import { CliError } from '../../lib/cli-error.ts';

export async function main(_argv: string[]): Promise<number> {
  throw new CliError('this command is being built in this change');
}
