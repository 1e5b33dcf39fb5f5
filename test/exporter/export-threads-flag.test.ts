import { describe, expect, it } from 'vitest';
import { main } from '../../exporter/commands/export.ts';

describe('ledgerbench export --threads', () => {
  it('refuses a thread count that is not a whole number from 0 to 64, in one line', async () => {
    await expect(main(['--threads', 'many'])).rejects.toThrow('--threads many: expected a whole number of threads from 0 to 64, e.g. --threads 2');
    await expect(main(['--threads=-1'])).rejects.toThrow(/--threads -1: expected a whole number/);
    await expect(main(['--threads', '1.5'])).rejects.toThrow(/--threads 1.5: expected a whole number/);
  });
});
