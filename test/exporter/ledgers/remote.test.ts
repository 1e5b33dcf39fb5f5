import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runExport } from '../../../exporter/export.ts';
import { withRemoteLedgers, type RemoteOptions } from '../../../exporter/ledgers/remote.ts';
import { IndexSchema, VerificationSchema } from '../../../schema/surfaces/index.ts';
import { startLedgerServer } from '../../fakes/ledger-http-server.ts';
import { FIXTURES, memoryEffects, outputJson, type MemoryEffects } from '../memory-effects.ts';

const A = readFileSync(join(FIXTURES, 'hand/sweep-a.jsonl'));
const B = readFileSync(join(FIXTURES, 'hand/sweep-b.jsonl'));

let server: Awaited<ReturnType<typeof startLedgerServer>>;
let cacheDir: string;
beforeAll(async () => {
  server = await startLedgerServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'ledgerbench-remote-'));
  server.files.clear();
  server.requests.length = 0;
  server.setMode('normal');
  return () => rmSync(cacheDir, { recursive: true, force: true });
});

/** Memory effects whose ledger source also fetches URLs, as the export command wires the disk. */
function remoteEffects(local: Record<string, Buffer> = {}, options: RemoteOptions = {}): MemoryEffects & { notes: string[] } {
  const effects = memoryEffects(new Map(Object.entries(local))) as MemoryEffects & { notes: string[] };
  effects.notes = [];
  const base = { listFiles: effects.listFiles.bind(effects), readChunks: effects.readChunks.bind(effects) };
  const remote = withRemoteLedgers(base, { cacheDir, log: (line) => effects.notes.push(line), ...options });
  effects.listFiles = remote.listFiles;
  effects.readChunks = remote.readChunks;
  return effects;
}

async function exportUrls(effects: MemoryEffects, ...ledgers: string[]) {
  return runExport({ ledgers, out: 'data', strict: false, threads: 0 }, effects);
}

describe('ledgers by URL', () => {
  it('fetches a ledger whole, names it by its URL, and exports what a local copy of it exports', async () => {
    server.files.set('/host-a/sweep.jsonl', A);
    const url = `${server.url}/host-a/sweep.jsonl?X-Amz-Signature=secret123`;
    const effects = remoteEffects();
    await exportUrls(effects, url);
    const index = IndexSchema.parse(outputJson(effects, 'index.json'));
    expect(index.ledgers).toEqual([expect.objectContaining({ path: `${server.url}/host-a/sweep.jsonl`, bytes: A.byteLength, lines: 8 })]);
    expect(server.requests).toEqual([{ path: '/host-a/sweep.jsonl', range: null, ifNoneMatch: null }]);
    // The pre-signed query string is a credential: it appears in no output.
    for (const bytes of effects.output.values()) expect(Buffer.from(bytes).includes('secret123')).toBe(false);

    const local = memoryEffects(new Map([['sweep.jsonl', A]]));
    await runExport({ ledgers: 'sweep.jsonl', out: 'data', strict: false, threads: 0 }, local);
    expect(Buffer.from(effects.output.get('model_rankings.json')!).toString()).toBe(Buffer.from(local.output.get('model_rankings.json')!).toString());
  });

  it('fetches only the appended bytes (re-reading a 4 KB overlap), and an unchanged ledger costs one 304', async () => {
    server.files.set('/l.jsonl', A);
    await exportUrls(remoteEffects(), `${server.url}/l.jsonl`);
    server.files.set('/l.jsonl', Buffer.concat([A, B]));
    const grown = remoteEffects();
    await exportUrls(grown, `${server.url}/l.jsonl`);
    expect(server.requests[1]).toMatchObject({ range: `bytes=${A.byteLength - 4096}-` });
    expect(server.requests[1]!.ifNoneMatch).toMatch(/^"[0-9a-f]{16}"$/);
    expect(IndexSchema.parse(outputJson(grown, 'index.json')).ledgers[0]).toMatchObject({ lines: 17, bytes: A.byteLength + B.byteLength });
    expect(grown.notes).toEqual([]);
    const cached = readdirSync(cacheDir).filter((name) => name.endsWith('.jsonl'));
    expect(Buffer.compare(readFileSync(join(cacheDir, cached[0]!)), Buffer.concat([A, B]))).toBe(0);

    const again = remoteEffects();
    await exportUrls(again, `${server.url}/l.jsonl`);
    expect(server.requests).toHaveLength(3);
    expect(Buffer.from(again.output.get('index.json')!).toString()).toBe(Buffer.from(grown.output.get('index.json')!).toString());
  });

  it('a server that ignores Range (200), or bytes changed inside the overlap: refetched whole, and said so', async () => {
    server.files.set('/l.jsonl', A);
    await exportUrls(remoteEffects(), `${server.url}/l.jsonl`);
    server.files.set('/l.jsonl', Buffer.concat([A, B]));
    server.setMode('ignore-range');
    const whole = remoteEffects();
    await exportUrls(whole, `${server.url}/l.jsonl`);
    expect(whole.notes.join('\n')).toMatch(/sent the whole ledger instead of the range/);
    expect(IndexSchema.parse(outputJson(whole, 'index.json')).ledgers[0]!.lines).toBe(17);

    server.setMode('normal');
    const edited = Buffer.concat([A, B]);
    edited.write('"score":0', edited.lastIndexOf('"score":1'));
    server.files.set('/l.jsonl', edited);
    const changed = remoteEffects();
    await exportUrls(changed, `${server.url}/l.jsonl`);
    expect(changed.notes.join('\n')).toMatch(/changed in place/);
    expect(IndexSchema.parse(outputJson(changed, 'index.json')).ledgers[0]!.sha256).not.toBe(
      IndexSchema.parse(outputJson(whole, 'index.json')).ledgers[0]!.sha256,
    );
  });

  it('a shrunk ledger, a 404 and a timeout: one clear line each, non-zero exit, the previous export kept', async () => {
    server.files.set('/l.jsonl', Buffer.concat([A, B]));
    const first = remoteEffects();
    await exportUrls(first, `${server.url}/l.jsonl`);
    const before = new Map(first.output);
    server.files.set('/l.jsonl', A);
    const cases: [string, () => void, RegExp, number][] = [
      [
        `${server.url}/l.jsonl`,
        () => {},
        /l\.jsonl: the remote ledger shrank from 17910 to 8432 bytes, and ledgers are append-only; the cached copy is kept/,
        1,
      ],
      [`${server.url}/gone.jsonl`, () => {}, /gone\.jsonl: HTTP 404 Not Found; check the URL \(a pre-signed URL may have expired\)/, 2],
      [`${server.url}/l.jsonl`, () => server.setMode('hang'), /l\.jsonl: no answer within 0\.3 s/, 2],
    ];
    for (const [url, arrange, message, exitCode] of cases) {
      arrange();
      const effects = remoteEffects({}, { timeoutMs: 300 });
      effects.output = new Map(before);
      const error = await exportUrls(effects, url).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'CliError', exitCode });
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
      expect((error as Error).message).toMatch(/nothing published, data\/ left as it was$/);
      expect(effects.output).toEqual(before);
    }
    // The cache still holds the longer ledger: nothing already fetched was lost.
    const cached = readdirSync(cacheDir).filter((name) => name.endsWith('.jsonl'));
    expect(cached.map((name) => readFileSync(join(cacheDir, name)).byteLength)).toEqual([A.byteLength + B.byteLength]);
  });

  it('a body that stalls halfway times out, and the half-appended bytes are dropped by the next export', async () => {
    server.files.set('/l.jsonl', A);
    await exportUrls(remoteEffects(), `${server.url}/l.jsonl`);
    server.files.set('/l.jsonl', Buffer.concat([A, B]));
    server.setMode('stall');
    const error = await exportUrls(remoteEffects({}, { timeoutMs: 300 }), `${server.url}/l.jsonl`).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/l\.jsonl: no answer within 0\.3 s/);
    server.setMode('normal');
    const after = remoteEffects();
    await exportUrls(after, `${server.url}/l.jsonl`);
    expect(after.notes).toEqual([]);
    expect(IndexSchema.parse(outputJson(after, 'index.json')).ledgers[0]).toMatchObject({ lines: 17, bytes: A.byteLength + B.byteLength });
    const cached = readdirSync(cacheDir).filter((name) => name.endsWith('.jsonl'));
    expect(Buffer.compare(readFileSync(join(cacheDir, cached[0]!)), Buffer.concat([A, B]))).toBe(0);
  });

  it('a source that cannot fetch URLs says so, without the query string', async () => {
    const error = await exportUrls(memoryEffects(new Map()), `${server.url}/a.jsonl?X-Amz-Signature=secret123`).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/a\.jsonl: this command reads no URL ledgers; fetch it first or pass a local path;/);
    expect((error as Error).message).not.toContain('secret123');
  });

  it('plain http only to loopback hosts', async () => {
    const error = await exportUrls(remoteEffects(), 'http://ledgers.example.com/a.jsonl').catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(
      /^--ledgers http:\/\/ledgers\.example\.com\/a\.jsonl: plain http is allowed only for 127\.0\.0\.1, localhost and ::1; use https:\/\//,
    );
    const bad = await exportUrls(remoteEffects(), 'https://[bad/a.jsonl?sig=secret123').catch((caught: unknown) => caught);
    expect((bad as Error).message).toMatch(/^--ledgers https:\/\/\[bad\/a\.jsonl: not a valid URL; pass https:\/\/host\/path\/ledger\.jsonl;/);
    expect(server.requests).toEqual([]);
  });

  it('the same run from two hosts is one duplicate, reported with both sources (URL and line)', async () => {
    server.files.set('/host-a/sweep.jsonl', A);
    server.files.set('/host-b/sweep.jsonl', Buffer.concat([B, A.subarray(0, A.indexOf('\n') + 1)]));
    const local = { 'ledgers/host-c.jsonl': B.subarray(0, B.indexOf('\n') + 1) };
    const effects = remoteEffects(local);
    await exportUrls(effects, `${server.url}/host-a/sweep.jsonl`, `${server.url}/host-b/sweep.jsonl`, 'ledgers/*.jsonl');
    const verification = VerificationSchema.parse(outputJson(effects, 'verification.json'));
    const duplicates = verification.rows.filter((row) => row.kind === 'duplicate_run_id');
    expect(duplicates.map((row) => `${row.file}:${row.line}: ${row.reason}`)).toEqual([
      `${server.url}/host-b/sweep.jsonl:10: run_id hand-alpha-100-t1-r0 already accepted at ${server.url}/host-a/sweep.jsonl:1`,
      expect.stringMatching(/^ledgers\/host-c\.jsonl:1: run_id \S+ already accepted at http:\/\/127\.0\.0\.1:\d+\/host-b\/sweep\.jsonl:1$/),
    ]);
  });
});
