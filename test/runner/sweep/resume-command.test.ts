import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote } from '../../../runner/sweep/loop.ts';

describe('shellQuote (the printed resume command must paste back as is)', () => {
  it('leaves plain paths alone', () => {
    expect(shellQuote('/tmp/ledgers/a-b_c.jsonl')).toBe('/tmp/ledgers/a-b_c.jsonl');
  });

  it.each(['/tmp/with space/l', "/tmp/it's/x.jsonl", '/tmp/$HOME/`x`', '/tmp/a;rm -rf b'])('quotes %j so sh reads it back unchanged', (path) => {
    const quoted = shellQuote(path);
    expect(quoted).not.toBe(path);
    expect(execFileSync('/bin/sh', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' })).toBe(path);
  });
});
