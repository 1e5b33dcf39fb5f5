import { describe, expect, it } from 'vitest';
import { splitLines, type LedgerLine } from '../../../exporter/ledgers/lines.ts';

async function collect(text: string, chunk: number): Promise<LedgerLine[]> {
  const bytes = Buffer.from(text);
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  const lines: LedgerLine[] = [];
  for await (const line of splitLines(chunks())) lines.push(line);
  return lines;
}

describe('splitLines', () => {
  it.each([1, 3, 1024])('splits on newlines with byte offsets, whatever the chunk size (%i)', async (chunk) => {
    const text = 'ab\r\n\nçé×\n{"x":1}';
    const lines = await collect(text, chunk);
    expect(lines.map((l) => [l.line, l.text, l.terminated])).toEqual([
      [1, 'ab', true],
      [2, '', true],
      [3, 'çé×', true],
      [4, '{"x":1}', false],
    ]);
    const bytes = Buffer.from(text);
    for (const line of lines) expect(bytes.subarray(line.byteOffset, line.byteOffset + line.byteLength).toString()).toBe(line.text);
  });

  it('a trailing newline does not make an extra line', async () => {
    expect((await collect('a\nb\n', 2)).map((l) => l.text)).toEqual(['a', 'b']);
    expect(await collect('', 2)).toEqual([]);
  });
});
