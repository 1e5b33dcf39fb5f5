import { describe, expect, it } from 'vitest';
import { lineMac, parseHarnessOutput } from '../../../runner/sandbox/test-harness.ts';

const marker = '@@lb-abc@@';
const key = Buffer.alloc(32, 7);
const line = (seq: number, payload: string, k = key): string => `${marker} ${seq} ${lineMac(k, seq, payload)} ${payload}`;
const start = '{"event":"start"}';
const load = '{"event":"load","status":"ok"}';
const pass = '{"event":"test","name":"t1","status":"passed"}';
const done = '{"event":"done"}';

describe('parseHarnessOutput', () => {
  it('reads an authenticated, complete sequence in order', () => {
    const out = parseHarnessOutput([line(0, start), 'noise', line(1, load), line(2, pass), line(3, done), ''].join('\n'), marker, key);
    expect(out.events.map((e) => e.event)).toEqual(['start', 'load', 'test', 'done']);
    expect(out).toMatchObject({ tampering: [], complete: true });
  });

  it('refuses a line MAC-ed with another key, and says so', () => {
    const out = parseHarnessOutput([line(0, start), line(1, load), line(2, pass, Buffer.alloc(32, 1)), ''].join('\n'), marker, key);
    expect(out.events.map((e) => e.event)).toEqual(['start', 'load']);
    expect(out.tampering).toEqual(['a result line with a wrong MAC (forged or altered)']);
  });

  it('refuses a replayed or skipped sequence number and lines after done', () => {
    const replay = parseHarnessOutput([line(0, start), line(1, load), line(1, load), ''].join('\n'), marker, key);
    expect(replay.tampering).toEqual(['result lines out of sequence (expected 2, got 1)']);
    const after = parseHarnessOutput([line(0, start), line(1, done), line(2, pass), ''].join('\n'), marker, key);
    expect(after).toMatchObject({ complete: true, tampering: ['result lines after the final one'] });
    expect(after.events).toHaveLength(2);
  });

  it('counts an imitation of the protocol and a corrupted line as tampering, plain noise as nothing', () => {
    const out = parseHarnessOutput(
      ['{"event": "test", "status": "passed"}', `@@lb-forged@@ 0 ${'0'.repeat(64)} ${pass}`, `xx${line(0, start)}`, ''].join('\n'),
      marker,
      key,
    );
    expect(out.events).toEqual([]);
    expect(out.tampering.sort()).toEqual([
      'a line imitating the result protocol (unknown marker) was printed',
      'a result line was corrupted by other output on the same line',
    ]);
  });

  it('treats a cut-off last line as missing, not as tampering', () => {
    const full = line(1, pass);
    const out = parseHarnessOutput(`${line(0, start)}\n${full.slice(0, 40)}`, marker, key);
    expect(out).toMatchObject({ complete: false, tampering: [] });
    expect(out.events).toHaveLength(1);
  });
});
