import { describe, expect, it } from 'vitest';
import { validateLine } from '../../../exporter/ledgers/validate.ts';
import { makeRunRecord } from '../../fixtures/make-run-record.ts';

const good = makeRunRecord({ run_id: 'valid-0001' });

describe('validateLine', () => {
  it('rejects a lone surrogate escape, in a value or a key, but not a pair or an escaped backslash', () => {
    const text = JSON.stringify({ ...good, response: { ...good.response, text: 'X' } });
    const verdict = (inner: string) => validateLine(text.replace('"X"', inner), true);
    expect(verdict('"a\\ud800b"')).toMatchObject({ ok: false, kind: 'encoding', runId: 'valid-0001' });
    expect(verdict('"\\udc00"')).toMatchObject({ ok: false, kind: 'encoding' });
    expect(verdict('"\\ud83d\\ude00"').ok).toBe(true);
    expect(verdict('"\\\\ud800"').ok).toBe(true);
    const key = text.replace('"tool":', '"\\ud800":1,"tool":');
    expect(validateLine(key, true)).toMatchObject({ ok: false, kind: 'encoding' });
  });

  it('accepts a valid record', () => {
    const verdict = validateLine(JSON.stringify(good), true);
    expect(verdict.ok && verdict.record.run_id).toBe('valid-0001');
  });

  it('names the dotted path of a schema failure', () => {
    const bad = { ...good, energy: { ...good.energy, joules: 'lots' }, repeat: -1 };
    const verdict = validateLine(JSON.stringify(bad), true);
    expect(verdict).toMatchObject({ ok: false, kind: 'schema', runId: 'valid-0001' });
    if (!verdict.ok) {
      expect(verdict.reason).toContain('energy.joules: expected number, got string');
      expect(verdict.reason).toContain('repeat: ');
    }
  });

  it('tells empty, not-JSON, torn and other-version lines apart', () => {
    expect(validateLine('   ', true)).toMatchObject({ ok: false, kind: 'empty' });
    expect(validateLine('{"a":', true)).toMatchObject({ ok: false, kind: 'json', reason: 'not valid JSON' });
    expect(validateLine('{"a":', false)).toMatchObject({ ok: false, kind: 'json' });
    expect(validateLine('[1,2]', true)).toMatchObject({
      ok: false,
      kind: 'schema_version',
      reason: 'schema: expected "ledgerbench.run/1", got no schema field',
    });
    expect(validateLine(JSON.stringify({ ...good, schema: 'ledgerbench.run/0' }), true)).toMatchObject({ kind: 'schema_version', runId: 'valid-0001' });
  });
});
