import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../lib/cli-error.ts';
import { checkLedgerLocation, makeLedgerFolder } from '../../../runner/ledger/location.ts';

const temp = () => mkdtempSync(join(tmpdir(), 'lb-location-'));

describe('checkLedgerLocation', () => {
  it('accepts a --ledgers-dir that does not exist yet (it is created) and an --out in an existing folder', () => {
    const root = temp();
    expect(() => checkLedgerLocation(join(root, 'a', 'b', 'sweep.jsonl'), false)).not.toThrow();
    expect(() => checkLedgerLocation(join(root, 'x.jsonl'), true)).not.toThrow();
  });

  it('refuses an --out whose folder is missing: a typo should not grow a new tree', () => {
    const root = temp();
    const out = join(root, 'typo', 'x.jsonl');
    expect(() => checkLedgerLocation(out, true)).toThrow(
      new CliError(`--out ${out}: folder ${join(root, 'typo')} does not exist; create it first or use --ledgers-dir DIR`),
    );
  });

  it('refuses a path through a file, naming the file', () => {
    const root = temp();
    const file = join(root, 'plain.txt');
    writeFileSync(file, 'x');
    expect(() => checkLedgerLocation(join(file, 'deep', 'l.jsonl'), false)).toThrow(`--ledgers-dir: ${file} is a file, not a folder`);
    expect(() => checkLedgerLocation(join(file, 'l.jsonl'), true)).toThrow(`--out: ${file} is a file, not a folder`);
  });
});

describe('makeLedgerFolder', () => {
  it('creates every missing level and accepts an existing folder', () => {
    const root = temp();
    const deep = join(root, 'a', 'b', 'c');
    makeLedgerFolder(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    expect(() => makeLedgerFolder(deep)).not.toThrow();
  });

  it('turns a failure into one CliError line instead of an errno (or, under /proc, a hang)', () => {
    const root = temp();
    const file = join(root, 'plain.txt');
    writeFileSync(file, 'x');
    expect(() => makeLedgerFolder(join(file, 'sub'))).toThrow(/cannot create the ledger folder \(ENOTDIR\); pick another --ledgers-dir or --out$/);
    // Node's own recursive mkdir never returns here; this must end, with a line naming the folder.
    if (existsSync('/proc/self')) expect(() => makeLedgerFolder('/proc/lb-no-such/x')).toThrow(/\/proc\/lb-no-such: cannot create the ledger folder/);
  });
});
