import { describe, expect, it } from 'vitest';
import { judgeBatch, type JudgedLine } from '../../../exporter/ledgers/batch.ts';
import { canonicalJson } from '../../../exporter/ledgers/canonical.ts';
import { csvFields } from '../../../exporter/ledgers/csv.ts';
import { flattenRecord } from '../../../exporter/ledgers/flatten.ts';
import { splitLines } from '../../../exporter/ledgers/lines.ts';
import { BatchCutter } from '../../../exporter/ledgers/batch-cutter.ts';
import { validateLine } from '../../../exporter/ledgers/validate.ts';
import { makeRunRecord } from '../../fixtures/make-run-record.ts';

const encode = (text: string) => new Uint8Array(Buffer.from(text));

/** The one-thread reading: splitLines + validateLine + flattenRecord + canonicalJson, line by line. */
async function reference(text: string, ledgerIndex: number): Promise<JudgedLine[]> {
  async function* one() {
    yield encode(text);
  }
  const out: JudgedLine[] = [];
  let jsonOffset = 0;
  for await (const line of splitLines(one())) {
    const verdict = validateLine(line.text, line.terminated);
    if (!verdict.ok) {
      out.push({ ok: false, line: line.line, kind: verdict.kind, reason: verdict.reason, runId: verdict.runId });
      continue;
    }
    const r = verdict.record;
    out.push({
      ok: true,
      line: line.line,
      runId: r.run_id,
      attempt: r.attempt ?? 0,
      simulated: r.simulated,
      csv: csvFields(flattenRecord(r, { ledgerIndex, line: line.line })),
      jsonOffset,
      jsonBytes: Buffer.byteLength(canonicalJson(r)),
      experiment: r.experiment,
      taskId: r.task.id,
      taskHash: r.task.hash,
      arm: r.arm,
      prompt: r.request?.prompt ?? null,
      success: r.task.success ?? null,
    });
    jsonOffset += Buffer.byteLength(canonicalJson(r));
  }
  return out;
}

const valid = (id: string) => JSON.stringify(makeRunRecord({ run_id: id }));
const MIXED = [
  valid('run-0001'),
  '',
  '{not json',
  JSON.stringify({ schema: 'ledgerbench.run/0', run_id: 'old' }),
  JSON.stringify({ ...makeRunRecord({ run_id: 'run-0002' }), model: { name: 7, backend: 'sim' } }),
  `${valid('run-0003')}\r`,
  `${valid('ünïcode-ü')}`,
  '{"torn": ',
].join('\n');

describe('judgeBatch', () => {
  it('judges every line as the one-thread reader does: numbers, offsets, CRLF, a torn final line', async () => {
    const judged = judgeBatch({ bytes: encode(MIXED), ledgerIndex: 3, firstLine: 1, byteOffset: 0 });
    expect(judged.lastLine).toBe(8);
    expect(judged.lines.map((l) => (l.ok ? 'ok' : l.kind))).toEqual(['ok', 'empty', 'json', 'schema_version', 'schema', 'ok', 'ok', 'json']);
    expect(judged.lines).toEqual(await reference(MIXED, 3));
  });

  it('numbers lines from the batch start', () => {
    const text = `${valid('run-a001')}\n${valid('run-a002')}\n`;
    const judged = judgeBatch({ bytes: encode(text), ledgerIndex: 2, firstLine: 41, byteOffset: 5000 });
    expect(judged.lastLine).toBe(42);
    const second = judged.lines[1]!;
    expect(second.ok && second.line).toBe(42);
    // The CSV fields end with ledger_index, line; the loader appends the record-store position.
    expect(second.ok && second.csv.endsWith(',2,42')).toBe(true);
  });

  it('drops a byte-order mark at the start of a file only', () => {
    const text = `\uFEFF${valid('run-b001')}\n\uFEFF${valid('run-b002')}\n`;
    expect(judgeBatch({ bytes: encode(text), ledgerIndex: 0, firstLine: 1, byteOffset: 0 }).lines.map((l) => l.ok)).toEqual([true, false]);
    expect(judgeBatch({ bytes: encode(text), ledgerIndex: 0, firstLine: 9, byteOffset: 10 }).lines.map((l) => l.ok)).toEqual([false, false]);
  });

  it('rejects invalid UTF-8 and says where, but accepts a real U+FFFD', () => {
    const good = Buffer.from(valid('run-c001'));
    const at = good.indexOf('"text"');
    const bad = Buffer.concat([good.subarray(0, at), Buffer.from([0xc3, 0x28]), good.subarray(at)]);
    const withFffd = valid('run-c002').replace('"text":"', '"text":"\uFFFD ');
    const judged = judgeBatch({ bytes: Buffer.concat([bad, Buffer.from(`\n${withFffd}\n`)]), ledgerIndex: 0, firstLine: 1, byteOffset: 0 });
    const [first, second] = judged.lines;
    expect(first).toMatchObject({ ok: false, kind: 'encoding', reason: `not valid UTF-8 (first bad byte at column ${at + 1})` });
    expect(second!.ok).toBe(true);
  });

  it('an empty batch holds no line', () => {
    expect(judgeBatch({ bytes: new Uint8Array(0), ledgerIndex: 0, firstLine: 7, byteOffset: 0 })).toEqual({
      lines: [],
      records: new Uint8Array(0),
      recordsAt: null,
      lastLine: 6,
    });
  });
});

describe('BatchCutter', () => {
  it('cuts any chunking into whole-line batches that rebuild the file, with line numbers and offsets that match', async () => {
    // ~4 MB so several 1 MB batches are cut, read in odd-sized chunks that split lines and UTF-8 characters.
    const lines = Array.from({ length: 4000 }, (_, i) => valid(`run-ü-${String(i).padStart(5, '0')}`));
    const text = `${lines.join('\n')}\n${lines[0]!.slice(0, 40)}`;
    const bytes = Buffer.from(text);
    const cutter = new BatchCutter(0);
    const batches = [];
    for (let at = 0; at < bytes.length; at += 65_537) batches.push(...cutter.push(new Uint8Array(bytes.subarray(at, at + 65_537))));
    batches.push(...cutter.end());
    expect(batches.length).toBeGreaterThanOrEqual(4);
    expect(Buffer.concat(batches.map((b) => b.bytes)).equals(bytes)).toBe(true);
    expect(cutter.bytes).toBe(bytes.length);
    expect(cutter.lines).toBe(4001);
    const texts: string[] = [];
    const judged = batches.flatMap((batch) => {
      // Every batch but the last ends at a newline, and numbering carries on from the one before.
      const result = judgeBatch(batch);
      const records = Buffer.from(result.records);
      // Each accepted line's normalised text sits at its offset in the batch's records.
      for (const line of result.lines) if (line.ok) texts.push(records.toString('utf8', line.jsonOffset, line.jsonOffset + line.jsonBytes));
      return result.lines.map((line) => (line.ok ? { ...line, jsonOffset: 0 } : line));
    });
    const expected = await reference(text, 0);
    expect(judged).toEqual(expected.map((line) => (line.ok ? { ...line, jsonOffset: 0 } : line)));
    expect(texts.map((t) => JSON.parse(t).run_id)).toEqual(expected.filter((line) => line.ok).map((line) => line.runId));
    expect(cutter.end()).toEqual([]);
  });
});
