import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../exporter/commands/export.ts';
import { runExport, type ExportOptions } from '../../exporter/export.ts';
import { diskLedgerSource } from '../../exporter/ledgers/disk.ts';
import { makeRunRecord } from '../fixtures/make-run-record.ts';
import { FIXTURES, memoryEffects, readFixtureFolder } from './memory-effects.ts';

const temp = mkdtempSync(join(tmpdir(), 'ledgerbench-cache-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const GOLDEN = new URL('../golden/', import.meta.url).pathname;

let cases = 0;
/** A fresh folder holding `ledgers/` (the given fixture cases copied in) and an empty cache folder. */
function workspace(fixtures: readonly string[]): { ledgers: string; cache: string } {
  const root = join(temp, `case-${cases++}`);
  const ledgers = join(root, 'ledgers');
  mkdirSync(ledgers, { recursive: true });
  for (const name of fixtures) cpSync(join(FIXTURES, name), join(ledgers, name), { recursive: true });
  return { ledgers, cache: join(root, 'cache') };
}

/** One export of the ledgers on disk into memory; `cache` undefined is a cold export (`--no-cache`). */
async function exportOnce(ledgers: string, cache: string | undefined, extra: Partial<ExportOptions> = {}) {
  const effects = memoryEffects(new Map());
  const notes: string[] = [];
  Object.assign(effects, diskLedgerSource(), { warn: (line: string) => notes.push(line) });
  const options: ExportOptions = { ledgers: `${ledgers}/**/*.jsonl`, out: 'data', strict: false, threads: 0, ...extra };
  const result = await runExport(cache === undefined ? options : { ...options, cache }, effects);
  return { output: effects.output, notes, loaded: result.loaded, lines: effects.lines };
}

function expectSameOutput(actual: Map<string, Uint8Array>, expected: Map<string, Uint8Array>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  // As text, so a mismatch shows the differing lines.
  for (const [path, bytes] of expected) expect(Buffer.from(actual.get(path)!).toString(), path).toBe(Buffer.from(bytes).toString());
}

/** A ledger file's lines, each with its newline. */
const linesOf = (path: string) => readFileSync(path, 'utf8').split(/(?<=\n)/);

describe('export cache', () => {
  it('with the cache on, every golden case exports to its golden files, filled and then replayed', async () => {
    for (const name of ['hand', 'bad', 'paired']) {
      const { ledgers, cache } = workspace([]);
      cpSync(join(FIXTURES, name), ledgers, { recursive: true });
      const golden = readFixtureFolder(join(GOLDEN, name), '.');
      const expected = new Map([...golden].map(([path, bytes]) => [path.slice(2), bytes]));
      const filled = await exportOnce(ledgers, cache);
      expectSameOutput(filled.output, expected);
      expect(filled.loaded.cachedLines).toBe(0);
      const replayed = await exportOnce(ledgers, cache);
      expectSameOutput(replayed.output, expected);
      expect(replayed.notes).toEqual([]);
      // bad/a.jsonl ends in a torn line without a newline: never cached, judged again every time.
      const torn = name === 'bad' ? 1 : 0;
      expect(replayed.loaded.cachedLines, name).toBe(replayed.loaded.lines - torn);
    }
  });

  it('replayed lines that are duplicates or superseded attempts count as in a cold export, before and after an append', async () => {
    const { ledgers, cache } = workspace([]);
    const record = (id: string, attempt: number, passed: boolean) =>
      `${JSON.stringify(makeRunRecord({ run_id: id, attempt, evaluation: { evaluator: 'numeric@1', score: passed ? 1 : 0, passed } }))}\n`;
    writeFileSync(join(ledgers, 'a.jsonl'), record('run-x-0001', 2, true) + record('run-y-0001', 0, false) + record('run-d-0001', 0, true));
    // b's run-x is a lower attempt (superseded), its run-d and run-y repeat a's (duplicates).
    writeFileSync(join(ledgers, 'b.jsonl'), record('run-x-0001', 1, false) + record('run-d-0001', 0, false) + record('run-y-0001', 0, true));
    const filled = await exportOnce(ledgers, cache);
    const replayed = await exportOnce(ledgers, cache);
    expect(replayed.loaded.cachedLines).toBe(6);
    expectSameOutput(replayed.output, filled.output);
    expect(replayed.loaded).toMatchObject({ accepted: 3, duplicates: 2 });
    // A retry appended later replaces a row that came from the cache.
    appendFileSync(join(ledgers, 'b.jsonl'), record('run-y-0001', 1, true));
    const warm = await exportOnce(ledgers, cache);
    expect(warm.loaded.cachedLines).toBe(6);
    expectSameOutput(warm.output, (await exportOnce(ledgers, undefined)).output);
    expect(warm.loaded.superseded.map((s) => [s.file, s.line])).toEqual([
      ['a.jsonl', 2],
      ['b.jsonl', 1],
    ]);
    // An append of rejected lines only: a segment with no rows, replayed as well.
    appendFileSync(join(ledgers, 'a.jsonl'), 'not json\n{}\n');
    await exportOnce(ledgers, cache);
    const rejectedOnly = await exportOnce(ledgers, cache);
    expect(rejectedOnly.loaded.cachedLines).toBe(9);
    expectSameOutput(rejectedOnly.output, (await exportOnce(ledgers, undefined)).output);
  });

  it('an appended sweep: only the new lines are judged, and the output equals a cold export byte for byte', async () => {
    const { ledgers, cache } = workspace(['hand', 'bad']);
    const paired = linesOf(join(FIXTURES, 'paired', 'paired.jsonl'));
    const target = join(ledgers, 'paired.jsonl');
    writeFileSync(target, paired.slice(0, 100).join(''));
    await exportOnce(ledgers, cache);
    appendFileSync(target, paired.slice(100).join(''));
    const warm = await exportOnce(ledgers, cache);
    const cold = await exportOnce(ledgers, undefined);
    expectSameOutput(warm.output, cold.output);
    expect(warm.notes).toEqual([]);
    // Everything but the appended lines and bad/a.jsonl's torn last line came from the cache.
    expect(warm.loaded.cachedLines).toBe(cold.loaded.lines - (paired.length - 100) - 1);
    expect(warm.lines.at(-1)).toMatch(/lines judged before, read from the cache\)$/);
    // A third export, appended again, still matches (segments chain).
    appendFileSync(target, paired.slice(0, 5).join(''));
    const again = await exportOnce(ledgers, cache);
    expectSameOutput(again.output, (await exportOnce(ledgers, undefined)).output);
  });

  it('judged on worker threads, an appended ledger still equals a cold export', async () => {
    const { ledgers, cache } = workspace(['hand']);
    const paired = linesOf(join(FIXTURES, 'paired', 'paired.jsonl'));
    const target = join(ledgers, 'paired.jsonl');
    writeFileSync(target, paired.slice(0, 150).join(''));
    const workers = { threads: 1, minWorkerBytes: 0 };
    await exportOnce(ledgers, cache, workers);
    appendFileSync(target, paired.slice(150).join(''));
    const warm = await exportOnce(ledgers, cache, workers);
    expect(warm.loaded.cachedLines).toBeGreaterThan(150);
    expectSameOutput(warm.output, (await exportOnce(ledgers, undefined)).output);
  });

  it('a ledger edited in place, truncated, or replaced under its name is read whole, and says so', async () => {
    const { ledgers, cache } = workspace(['hand', 'paired']);
    const paired = join(ledgers, 'paired', 'paired.jsonl');
    const sweepA = join(ledgers, 'hand', 'sweep-a.jsonl');
    const sweepB = join(ledgers, 'hand', 'sweep-b.jsonl');
    await exportOnce(ledgers, cache);

    // Same length, one character different inside the first record.
    const text = readFileSync(paired, 'utf8');
    writeFileSync(paired, text.replace('"repeat":0', '"repeat":7'));
    expect(readFileSync(paired, 'utf8').length).toBe(text.length);
    // Shorter: the last two lines gone.
    const lines = linesOf(sweepA);
    writeFileSync(sweepA, lines.slice(0, -2).join(''));
    // Replaced: another file of the same name, longer than the cached prefix.
    rmSync(sweepB);
    writeFileSync(
      sweepB,
      linesOf(join(FIXTURES, 'paired', 'paired.jsonl'))
        .slice(200)
        .join(''),
    );

    const warm = await exportOnce(ledgers, cache);
    expect(warm.notes).toEqual([
      expect.stringMatching(/^cache: .*hand\/sweep-a\.jsonl: it shrank to \d+ bytes from the \d+ read before since the last export; reading it whole$/),
      expect.stringMatching(
        /^cache: .*hand\/sweep-b\.jsonl: its first \d+ bytes changed in place \(or it was replaced\) since the last export; reading it whole$/,
      ),
      expect.stringMatching(
        /^cache: .*paired\/paired\.jsonl: its first \d+ bytes changed in place \(or it was replaced\) since the last export; reading it whole$/,
      ),
    ]);
    expect(warm.loaded.cachedLines).toBe(0);
    expectSameOutput(warm.output, (await exportOnce(ledgers, undefined)).output);
    // And the entries written from those full reads serve the next export.
    const next = await exportOnce(ledgers, cache);
    expect(next.notes).toEqual([]);
    expect(next.loaded.cachedLines).toBe(next.loaded.lines);
  });

  it('a ledger that vanished is dropped from the cache with a note; the output equals a cold export', async () => {
    const { ledgers, cache } = workspace(['hand', 'paired']);
    await exportOnce(ledgers, cache);
    const entries = readdirSync(cache).filter((name) => name.endsWith('.json')).length;
    rmSync(join(ledgers, 'hand', 'sweep-b.jsonl'));
    const warm = await exportOnce(ledgers, cache);
    expect(warm.notes).toEqual([expect.stringMatching(/^cache: .*hand\/sweep-b\.jsonl is gone since the last export; dropped from the cache$/)]);
    expect(readdirSync(cache).filter((name) => name.endsWith('.json')).length).toBe(entries - 1);
    expectSameOutput(warm.output, (await exportOnce(ledgers, undefined)).output);
  });

  it('a ledger emptied since is dropped from the cache once, and an unusable cache folder is a note, not a failure', async () => {
    const { ledgers, cache } = workspace(['hand']);
    await exportOnce(ledgers, cache);
    writeFileSync(join(ledgers, 'hand', 'sweep-b.jsonl'), '');
    const emptied = await exportOnce(ledgers, cache);
    expect(emptied.notes).toEqual([
      expect.stringMatching(/sweep-b\.jsonl: it shrank to 0 bytes from the \d+ read before since the last export; reading it whole$/),
    ]);
    expect((await exportOnce(ledgers, cache)).notes).toEqual([]);

    const blocked = join(temp, 'not-a-folder');
    writeFileSync(blocked, 'a file where the cache folder should be');
    const without = await exportOnce(ledgers, join(blocked, 'cache'));
    expect(without.notes).toEqual([expect.stringMatching(/^cache: cannot use .*not-a-folder\/cache \((ENOTDIR|EEXIST)\); exporting without it/)]);
    expectSameOutput(without.output, (await exportOnce(ledgers, undefined)).output);
  });

  it('a torn final line is not cached: completed later, the export equals a cold one', async () => {
    const { ledgers, cache } = workspace(['hand']);
    const paired = linesOf(join(FIXTURES, 'paired', 'paired.jsonl'));
    const target = join(ledgers, 'paired.jsonl');
    const torn = paired[20]!;
    writeFileSync(target, paired.slice(0, 20).join('') + torn.slice(0, 40));
    const first = await exportOnce(ledgers, cache);
    expect(first.loaded.rejected.some((line) => line.reason.includes('torn final line'))).toBe(true);
    appendFileSync(target, torn.slice(40) + paired.slice(21, 30).join(''));
    const warm = await exportOnce(ledgers, cache);
    expect(warm.loaded.rejected.some((line) => line.reason.includes('torn final line'))).toBe(false);
    expectSameOutput(warm.output, (await exportOnce(ledgers, undefined)).output);
  });

  it('an entry from another exporter build or with a damaged segment is not trusted', async () => {
    const { ledgers, cache } = workspace(['hand']);
    await exportOnce(ledgers, cache);
    const cold = await exportOnce(ledgers, undefined);
    const entry = readdirSync(cache).find((name) => name.endsWith('.json'))!;
    const records = readdirSync(cache).find((name) => name.startsWith(entry.slice(0, 32)) && name.endsWith('.records'))!;
    truncateSync(join(cache, records), 10);
    const damaged = await exportOnce(ledgers, cache);
    expect(damaged.notes).toEqual([expect.stringMatching(/: cached segment [0-9a-f]+ is missing or damaged; reading the ledger whole$/)]);
    expectSameOutput(damaged.output, cold.output);

    for (const name of readdirSync(cache).filter((file) => file.endsWith('.json'))) {
      const path = join(cache, name);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/"judge":"[0-9a-f]+"/, '"judge":"another-build"'));
    }
    const other = await exportOnce(ledgers, cache);
    expect(other.notes).toEqual([expect.stringMatching(/^cache: .* was written by a different exporter build; reading every ledger whole$/)]);
    expect(other.loaded.cachedLines).toBe(0);
    expectSameOutput(other.output, cold.output);
  });
});

describe('export command and the cache', () => {
  it('--cache-dir fills the cache, --no-cache neither reads nor writes one, and the files on disk are the same', async () => {
    const { ledgers, cache } = workspace(['hand', 'bad']);
    const logged = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const run = async (out: string, ...flags: string[]) => {
        expect(await main(['--ledgers', ledgers, '--out', join(temp, out), ...flags])).toBe(0);
        return readFixtureFolder(join(temp, out), '.');
      };
      const filled = await run('cli-filled', '--cache-dir', cache);
      expect(readdirSync(cache).filter((name) => name.endsWith('.json')).length).toBe(4);
      const replayed = await run('cli-replayed', '--cache-dir', cache);
      expect(String(logged.mock.calls.at(-1)?.[0])).toMatch(/read from the cache\)$/);
      const unused = join(temp, 'never-made');
      const cold = await run('cli-cold', '--no-cache', '--cache-dir', unused);
      expect(existsSync(unused)).toBe(false);
      expectSameOutput(replayed, cold);
      expectSameOutput(filled, cold);
    } finally {
      logged.mockRestore();
    }
  });
});

const BIN = new URL('../../bin/ledgerbench.js', import.meta.url).pathname;

function writeSweep(path: string, from: number, count: number): void {
  const base = JSON.stringify(makeRunRecord({ run_id: 'cache-run-00000000', response: { text: 'forty-two '.repeat(60), done_reason: 'stop' } }));
  let text = '';
  for (let i = from; i < from + count; i++)
    text += `${base.replace('cache-run-00000000', `cache-run-${String(i).padStart(8, '0')}`).replace('"id":"t1"', `"id":"t${i % 300}"`)}\n`;
  appendFileSync(path, text);
}

function exportProcess(args: readonly string[]) {
  const child = spawn(process.execPath, [BIN, 'export', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exit = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as string | null, output }));
  return { child, exit };
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 5))) if (condition()) return true;
  return false;
}

describe('export cache and SIGKILL', () => {
  it('an export killed while writing its cache leaves nothing a later export trusts wrongly', async () => {
    const { ledgers, cache } = workspace([]);
    const ledger = join(ledgers, 'sweep.jsonl');
    writeSweep(ledger, 0, 2000);
    const args = (out: string, ...more: string[]) => ['--ledgers', ledgers, '--out', join(temp, out), '--threads', '0', ...more];
    const first = await exportProcess(args('data-first', '--cache-dir', cache)).exit;
    expect(first.code, first.output).toBe(0);
    const entries = () => readdirSync(cache).filter((name) => name.endsWith('.json'));
    const committed = readFileSync(join(cache, entries()[0]!), 'utf8');

    writeSweep(ledger, 2000, 20_000);
    const segments = () => readdirSync(cache).filter((name) => name.endsWith('.lines')).length;
    const { child, exit } = exportProcess(args('data-killed', '--cache-dir', cache));
    // Killed once the new segment is being written, before its entry is published.
    const writing = await waitFor(() => segments() > 1, 120_000);
    child.kill('SIGKILL');
    expect((await exit).signal).toBe('SIGKILL');
    expect(writing, 'the export finished before it could be killed').toBe(true);
    expect(readFileSync(join(cache, entries()[0]!), 'utf8')).toBe(committed);

    const again = await exportProcess(args('data-again', '--cache-dir', cache)).exit;
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/2000 of 22000 lines judged before, read from the cache/);
    const cold = await exportProcess(args('data-cold', '--no-cache')).exit;
    expect(cold.code, cold.output).toBe(0);
    expectSameOutput(readFixtureFolder(join(temp, 'data-again'), '.'), readFixtureFolder(join(temp, 'data-cold'), '.'));
    // The killed export's segment was cleaned up when the entry was rewritten.
    expect(segments()).toBe(2);
    expect(existsSync(join(temp, 'data-killed'))).toBe(false);
  }, 300_000);
});
