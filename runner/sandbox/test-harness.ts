import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The Python side of a test run (runner/sandbox/harness.py, see docs/sandbox.md "Grading
 * integrity"). main.py runs it with exec() in a private globals dict whose builtins are a copy, so
 * nothing of it is reachable from `__main__`. It reads `run.json` (candidate source, tests, a
 * marker and a per-run HMAC key) and deletes it before any candidate code runs, then prints one
 * authenticated line per event: `<marker> <seq> <hmac-sha256 hex> <json>`.
 */
const HARNESS_TEXT = readFileSync(new URL('./harness.py', import.meta.url), 'utf8');

export const HARNESS_SOURCE = [
  '# ledgerbench test harness: runs runner/sandbox/harness.py in a private namespace.',
  `exec(compile(${JSON.stringify(HARNESS_TEXT)}, '<ledgerbench harness>', 'exec'), {'__builtins__': dict(__builtins__.__dict__), '__name__': 'ledgerbench_harness'})`,
  '',
].join('\n');

/** The generic prefix of every marker: a line that starts with it but not with this run's marker is forged. */
export const MARKER_PREFIX = '@@lb-';

const TestStatusSchema = z.enum(['passed', 'failed', 'timeout', 'memory', 'error', 'integrity']);

export const HarnessEventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('start') }),
  z.object({ event: z.literal('syntax'), error: z.string(), line: z.number().nullable(), message: z.string() }),
  z.object({ event: z.literal('static'), fatal: z.array(z.string()), notes: z.array(z.string()) }),
  z.object({ event: z.literal('integrity'), where: z.string(), findings: z.array(z.string()) }),
  z.object({
    event: z.literal('load'),
    status: z.enum(['ok', 'timeout', 'memory', 'error', 'integrity']),
    error: z.string().optional(),
    message: z.string().optional(),
  }),
  z.object({ event: z.literal('test'), name: z.string(), status: TestStatusSchema, error: z.string().optional(), message: z.string().optional() }),
  z.object({ event: z.literal('done') }),
]);

export type HarnessEvent = z.infer<typeof HarnessEventSchema>;

/** What the parent read back: the authenticated events, in order, and every sign of tampering. */
export interface HarnessOutput {
  events: HarnessEvent[];
  /** Evidence that something other than the harness wrote or damaged result lines. */
  tampering: string[];
  /** The final `done` event arrived, in sequence, with nothing after it. */
  complete: boolean;
}

/** The MAC of one line: HMAC-SHA256 over `<seq> <payload>` with the run's key. */
export function lineMac(key: Buffer, seq: number, payload: string): string {
  return createHmac('sha256', key).update(`${seq} ${payload}`).digest('hex');
}

const LINE = /^(\d{1,9}) ([0-9a-f]{64}) (.*)$/;

/**
 * Reads the harness's lines from `stdout`. Only a complete, in-order sequence of correctly MAC'd
 * lines counts; a marked line with a bad MAC, a gap, a line after `done`, a marker inside another
 * line, or a line with some other `@@lb-` marker is tampering. A truncated last line (the output
 * cap) is not: it just leaves the sequence incomplete.
 */
export function parseHarnessOutput(stdout: string, marker: string, key: Buffer): HarnessOutput {
  const prefix = `${marker} `;
  const events: HarnessEvent[] = [];
  const tampering = new Set<string>();
  let expected = 0;
  let done = false;
  const lines = stdout.split('\n');
  lines.forEach((line, index) => {
    // The text after the last newline was cut off (or never finished): not evidence of anything.
    const partial = index === lines.length - 1 && !stdout.endsWith('\n');
    if (!line.startsWith(prefix)) {
      if (line.includes(marker) && !partial) tampering.add('a result line was corrupted by other output on the same line');
      else if (line.startsWith(MARKER_PREFIX)) tampering.add('a line imitating the result protocol (unknown marker) was printed');
      return;
    }
    if (partial) return;
    const match = LINE.exec(line.slice(prefix.length));
    if (!match) {
      tampering.add('a marked result line is malformed');
      return;
    }
    const seq = Number(match[1]);
    const mac = Buffer.from(match[2]!, 'hex');
    const payload = match[3]!;
    if (!timingSafeEqual(mac, Buffer.from(lineMac(key, seq, payload), 'hex'))) {
      tampering.add('a result line with a wrong MAC (forged or altered)');
      return;
    }
    if (done) {
      tampering.add('result lines after the final one');
      return;
    }
    if (seq !== expected) {
      tampering.add(`result lines out of sequence (expected ${expected}, got ${seq})`);
      return;
    }
    expected++;
    let parsed: ReturnType<typeof HarnessEventSchema.safeParse>;
    try {
      parsed = HarnessEventSchema.safeParse(JSON.parse(payload));
    } catch {
      tampering.add('an authenticated result line does not parse');
      return;
    }
    if (!parsed.success) {
      tampering.add('an authenticated result line has an unknown shape');
      return;
    }
    events.push(parsed.data);
    if (parsed.data.event === 'done') done = true;
  });
  return { events, tampering: [...tampering], complete: done };
}
