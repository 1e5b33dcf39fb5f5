import { describe, expect, it } from 'vitest';
import { parseHarnessOutput } from '../../../runner/sandbox/test-harness.ts';

const marker = '@@lb-abc@@';

describe('parseHarnessOutput', () => {
  it('reads marked events in order', () => {
    const stdout = [
      `${marker} {"event": "start"}`,
      `${marker} {"event": "load", "status": "ok"}`,
      `${marker} {"event": "test", "name": "t1", "status": "passed"}`,
      `${marker} {"event": "test", "name": "t2", "status": "failed", "error": "AssertionError", "message": ""}`,
    ].join('\n');
    expect(parseHarnessOutput(stdout, marker).map((e) => e.event)).toEqual(['start', 'load', 'test', 'test']);
  });

  it('ignores lines a candidate could print: no marker, another marker, bad JSON, unknown shapes', () => {
    const stdout = [
      '{"event": "test", "name": "t1", "status": "passed"}',
      '@@lb-forged@@ {"event": "test", "name": "t1", "status": "passed"}',
      `${marker} {"event": "test", "name": "t1", "status": "passed"`,
      `${marker} {"event": "test", "name": "t1", "status": "great"}`,
      `  ${marker} {"event": "start"}`,
    ].join('\n');
    expect(parseHarnessOutput(stdout, marker)).toEqual([]);
  });
});
