import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../exporter/commands/export.ts';
import { IndexSchema } from '../../../schema/surfaces/index.ts';
import { startLedgerServer } from '../../fakes/ledger-http-server.ts';
import { FIXTURES } from '../memory-effects.ts';

// The command as a user runs it: its own disk source, cache folder and stderr lines.
const temp = mkdtempSync(join(tmpdir(), 'ledgerbench-export-url-'));
const home = process.cwd();
let server: Awaited<ReturnType<typeof startLedgerServer>>;
const stderr: string[] = [];
beforeAll(async () => {
  server = await startLedgerServer();
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation((line: string) => void stderr.push(line));
  process.chdir(temp);
});
afterAll(async () => {
  process.chdir(home);
  vi.restoreAllMocks();
  await server.close();
  rmSync(temp, { recursive: true, force: true });
});

describe('ledgerbench export --ledgers URL', () => {
  it('fetches into .cache/ledgerbench/remote under the working folder, and says on stderr when the server ignored Range and it took the ledger whole', async () => {
    const a = readFileSync(join(FIXTURES, 'hand/sweep-a.jsonl'));
    const b = readFileSync(join(FIXTURES, 'hand/sweep-b.jsonl'));
    server.files.set('/host-a/sweep.jsonl', a);
    const url = `${server.url}/host-a/sweep.jsonl`;
    expect(await main(['--ledgers', url, '--out', 'data'])).toBe(0);
    expect(readdirSync(join(temp, '.cache/ledgerbench/remote')).sort()).toEqual([
      expect.stringMatching(/^[0-9a-f]{64}\.jsonl$/),
      expect.stringMatching(/^[0-9a-f]{64}\.meta\.json$/),
    ]);
    server.files.set('/host-a/sweep.jsonl', Buffer.concat([a, b]));
    server.setMode('ignore-range');
    expect(await main(['--ledgers', url, '--out', 'data'])).toBe(0);
    const index = IndexSchema.parse(JSON.parse(readFileSync(join(temp, 'data/index.json'), 'utf8')));
    expect(index.ledgers).toEqual([expect.objectContaining({ path: url, lines: 17 })]);
    expect(stderr).toEqual([`${url}: the server sent the whole ledger instead of the range asked for (no Range support); taking it whole`]);
  });
});
