import { describe, expect, it } from 'vitest';
import { SurfaceError, parseJsonBody, validateSurface } from '../../../ui/data/validate.ts';
import { SURFACE_SCHEMAS } from '../../../core/surfaces.ts';

const envelope = {
  surface: 'model_rankings',
  schema_version: 1,
  generated_from: { ledger_files: 1, records: 0, simulated_records: 0, ledgers_sha256: 'x' },
  rows: [],
};

describe('validateSurface', () => {
  it('accepts a valid surface', () => {
    expect(validateSurface('model_rankings.json', SURFACE_SCHEMAS['model_rankings.json'], envelope).rows).toEqual([]);
  });

  it('names the file, the first bad path and the command that fixes it', () => {
    const bad = { ...envelope, rows: [{ model: 3 }] };
    try {
      validateSurface('model_rankings.json', SURFACE_SCHEMAS['model_rankings.json'], bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SurfaceError);
      const message = (error as SurfaceError).message;
      expect(message).toMatch(/^data\/model_rankings\.json: rows\[0\]\.model: /);
      expect(message).toContain('npx ledgerbench export');
      expect((error as SurfaceError).kind).toBe('invalid');
    }
  });

  it('rejects another schema version', () => {
    expect(() => validateSurface('model_rankings.json', SURFACE_SCHEMAS['model_rankings.json'], { ...envelope, schema_version: 2 })).toThrow(/schema_version/);
  });
});

describe('parseJsonBody', () => {
  it('reports an HTML fallback page as a missing file', () => {
    expect(() => parseJsonBody('index.json', '<!doctype html><html>')).toThrow(/data\/index\.json is missing .*bash run_me\.sh/);
  });

  it('reports broken JSON as invalid', () => {
    expect(() => parseJsonBody('index.json', '{"a":')).toThrow(/data\/index\.json: not valid JSON/);
  });
});
