import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { cli } from '../../bin/cli.ts';

describe('ledgerbench dispatcher', () => {
  let errors: MockInstance;
  let logs: MockInstance;
  beforeEach(() => {
    errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    logs = vi.spyOn(console, 'log').mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  it('a missing command is one line on stderr and exit 2', async () => {
    expect(await cli([])).toBe(2);
    expect(errors.mock.calls.map((call) => String(call[0]))).toEqual([
      'ledgerbench: missing command; try one of: run, export, score, compare, diff, status, import, replay (ledgerbench --help for what each does)',
    ]);
    expect(logs).not.toHaveBeenCalled();
  });

  it('--help prints the command list on stdout and exits 0', async () => {
    expect(await cli(['--help'])).toBe(0);
    expect(String(logs.mock.calls[0]![0])).toMatch(/^usage: ledgerbench <command>[\s\S]*\n {2}compare /);
    expect(errors).not.toHaveBeenCalled();
  });

  it('an unknown command names the known ones', async () => {
    expect(await cli(['bogus'])).toBe(2);
    expect(String(errors.mock.calls[0]![0])).toBe(
      "ledgerbench: unknown command 'bogus'; try one of: run, export, score, compare, diff, status, import, replay",
    );
  });
});
