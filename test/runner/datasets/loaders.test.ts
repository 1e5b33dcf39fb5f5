import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../../lib/cli-error.ts';
import { sha256Hex } from '../../../lib/hash.ts';
import { TaskSchema } from '../../../schema/experiment.ts';
import { loadStandardSuite, STANDARD_SUITES } from '../../../runner/datasets/standard-suites.ts';

const fixture = path.resolve(import.meta.dirname, '../../fixtures/mbpp/mbpp-sample.jsonl');
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'ledgerbench-datasets-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const write = (name: string, content: string | Buffer) => {
  const file = path.join(tmp, name);
  writeFileSync(file, content);
  return file;
};

async function rejection(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe('MBPP loader', () => {
  it('loads the fixture into mbpp@1 tasks', async () => {
    const suite = await loadStandardSuite('mbpp', fixture, { cacheDir: tmp });
    expect(suite.manifest).toMatchObject({ id: 'mbpp', evaluator: 'mbpp@1' });
    expect(suite.tasks.map((t) => t.id)).toEqual(['Mbpp/901', 'Mbpp/902', 'Mbpp/903']);
    const task = suite.tasks[2]!;
    TaskSchema.parse(task);
    expect(task.prompt).toContain('count how many keys');
    expect(task.prompt).toContain('assert count_above(SCORES, 50) == 2');
    expect(task.prompt).not.toContain('assert count_above(SCORES, 100) == 0');
    expect(task.reference).toEqual({
      test_list: ['assert count_above(SCORES, 50) == 2', 'assert count_above(SCORES, 100) == 0', 'assert count_above({}, 0) == 0'],
      test_setup_code: "SCORES = {'ann': 72, 'bob': 35, 'cy': 91}",
      code: 'def count_above(mapping, threshold):\n    return sum(1 for value in mapping.values() if value > threshold)',
    });
  });

  it('reads the same rows from a .jsonl.gz', async () => {
    const gz = write('mbpp.jsonl.gz', gzipSync(readFileSync(fixture)));
    const suite = await loadStandardSuite('mbpp', gz, { cacheDir: tmp, limit: 2 });
    expect(suite.tasks.map((t) => t.id)).toEqual(['Mbpp/901', 'Mbpp/902']);
  });
});

describe('loader errors are one located line', () => {
  it('lists the standard suites', () => {
    expect(STANDARD_SUITES).toEqual(['humaneval', 'mbpp', 'gsm8k']);
  });

  it('names a missing file', async () => {
    const missing = path.join(tmp, 'absent.jsonl');
    expect((await rejection(loadStandardSuite('gsm8k', missing, { cacheDir: tmp }))).message).toBe(`${missing}: dataset file not found; check the path`);
  });

  it('refuses a file that is not .jsonl or .jsonl.gz', async () => {
    const csv = write('data.csv', 'question,answer\n');
    expect((await rejection(loadStandardSuite('gsm8k', csv, { cacheDir: tmp }))).message).toMatch(/expected a \.jsonl or \.jsonl\.gz/);
  });

  it('names file:line for a line that is not JSON', async () => {
    const file = write('broken.jsonl', '{"question": "q", "answer": "#### 1"}\n\nnot json\n');
    expect((await rejection(loadStandardSuite('gsm8k', file, { cacheDir: tmp }))).message).toBe(
      `${file}:3: not a JSON object; expected one JSON object a line (JSONL)`,
    );
  });

  it('names file:line and the missing field', async () => {
    const file = write('missing-field.jsonl', '{"question": "q", "answer": "#### 1"}\n{"question": "q2"}\n');
    expect((await rejection(loadStandardSuite('gsm8k', file, { cacheDir: tmp }))).message).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: answer: `),
    );
    const mbpp = write('mbpp-bad.jsonl', '{"task_id": 1, "text": "t", "code": "", "test_list": ["assert 1"]}\n');
    expect((await rejection(loadStandardSuite('mbpp', mbpp, { cacheDir: tmp }))).message).toMatch(/mbpp-bad\.jsonl:1: test_setup_code: /);
  });

  it('requires a #### line in a GSM8K answer', async () => {
    const file = write('no-hashes.jsonl', '{"question": "q", "answer": "It is 4."}\n');
    expect((await rejection(loadStandardSuite('gsm8k', file, { cacheDir: tmp }))).message).toMatch(
      /:1: answer: expected the worked solution to end with '#### N'/,
    );
  });

  it('rejects a wrong sha256 for a local file, naming expected and actual', async () => {
    const expected = '0'.repeat(64);
    const message = (await rejection(loadStandardSuite('mbpp', fixture, { cacheDir: tmp, sha256: expected }))).message;
    expect(message).toBe(`${fixture}: sha256 mismatch: expected ${expected}, got ${sha256Hex(readFileSync(fixture))}`);
  });

  it('refuses a limit that is not a positive integer', async () => {
    expect((await rejection(loadStandardSuite('mbpp', fixture, { cacheDir: tmp, limit: 0 }))).message).toMatch(/--limit/);
  });
});

/** A loopback server on a random port serving one dataset file; counts requests. */
async function serve(body: string): Promise<{ base: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server: Server = createServer((request, response) => {
    requests += 1;
    if (request.url === '/gsm8k.jsonl') response.writeHead(200, { 'content-type': 'application/jsonl' }).end(body);
    // A download that never finishes: the headers, then silence.
    else if (request.url === '/slow.jsonl') response.writeHead(200, { 'content-type': 'application/jsonl' }).write('{"question": ');
    else response.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('loading from a URL', () => {
  const gsm8k =
    '{"question": "Ana has 2 apples and buys 3. How many?", "answer": "2 + 3 = 5\\n#### 5"}\n' +
    '{"question": "A box holds 1,000 pins; how many in 2 boxes?", "answer": "#### 2,000"}\n';

  it('downloads once, re-uses the cache with the server gone, and checks the sha256', async () => {
    const server = await serve(gsm8k);
    const cacheDir = path.join(tmp, 'cache');
    const url = `${server.base}/gsm8k.jsonl`;
    const sha = sha256Hex(gsm8k);
    try {
      const first = await loadStandardSuite('gsm8k', url, { cacheDir, sha256: sha });
      expect(server.requests()).toBe(1);
      expect(first.tasks.map((t) => [t.id, t.reference])).toEqual([
        ['gsm8k_0001', 5],
        ['gsm8k_0002', 2000],
      ]);
      expect(first.manifest.source).toContain(`downloaded from ${url}`);
    } finally {
      await server.close();
    }
    const cached = path.join(cacheDir, `${sha256Hex(url)}.jsonl`);
    expect(readdirSync(cacheDir)).toEqual([path.basename(cached)]);

    const second = await loadStandardSuite('gsm8k', url, { cacheDir, sha256: sha });
    expect(second.tasks.map((t) => t.reference)).toEqual([5, 2000]);
    expect(server.requests()).toBe(1);

    const wrong = 'f'.repeat(64);
    const message = (await rejection(loadStandardSuite('gsm8k', url, { cacheDir, sha256: wrong }))).message;
    expect(message).toContain(cached);
    expect(message).toContain(`expected ${wrong}, got ${sha}`);
  });

  it('does not cache a download whose sha256 does not match, and reports HTTP errors', async () => {
    const server = await serve(gsm8k);
    try {
      const cacheDir = path.join(tmp, 'cache-mismatch');
      const url = `${server.base}/gsm8k.jsonl`;
      const message = (await rejection(loadStandardSuite('gsm8k', url, { cacheDir, sha256: 'a'.repeat(64) }))).message;
      expect(message).toBe(`${url}: sha256 mismatch: expected ${'a'.repeat(64)}, got ${sha256Hex(gsm8k)}`);
      expect(existsSync(path.join(cacheDir, `${sha256Hex(url)}.jsonl`))).toBe(false);
      const missing = await rejection(loadStandardSuite('gsm8k', `${server.base}/missing.jsonl`, { cacheDir }));
      expect(missing.message).toMatch(/HTTP 404/);
    } finally {
      await server.close();
    }
  });

  it('a stop aborts a download in flight at once and caches nothing', async () => {
    const server = await serve(gsm8k);
    try {
      const cacheDir = path.join(tmp, 'cache-stopped');
      const stop = new AbortController();
      const started = Date.now();
      setTimeout(() => stop.abort(new Error('stopped by SIGINT')), 200);
      // The stop's own reason comes back (the run command turns it into its interrupted exit), not a CliError.
      const error = (await loadStandardSuite('gsm8k', `${server.base}/slow.jsonl`, { cacheDir, stop: stop.signal }).catch((e: unknown) => e)) as Error;
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(error.message).toBe('stopped by SIGINT');
      expect(existsSync(cacheDir)).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('says when nothing listens at the address', async () => {
    const server = await serve(gsm8k);
    await server.close();
    const url = `${server.base}/gsm8k.jsonl`;
    const message = (await rejection(loadStandardSuite('gsm8k', url, { cacheDir: path.join(tmp, 'refused') }))).message;
    expect(message).toMatch(new RegExp(`^cannot download ${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*ECONNREFUSED`));
  });
});
