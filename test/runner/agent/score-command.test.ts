import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../../lib/cli-error.ts';
import { main } from '../../../runner/commands/score.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ledgerbench-agent-score-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('score --evaluator agent', () => {
  it('refuses response lines in one line that says to run the suite, scoring nothing', async () => {
    const input = path.join(tmp, 'responses.jsonl');
    writeFileSync(input, `${JSON.stringify({ id: 'a', response: 'Done. The answer is 5432.', reference: { answer: { any_of: ['5432'] } } })}\n`);
    const printed: string[] = [];
    const error = await main(['--evaluator', 'agent@1', '--input', input], { out: (line) => printed.push(line), isTTY: false }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe(
      "agent@1 scores tool-use runs, not response lines: run the suite with 'ledgerbench run --experiments tool_use_v1'",
    );
    expect(printed).toEqual([]);
  });
});
