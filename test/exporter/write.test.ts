import { describe, expect, it } from 'vitest';
import { roundNumber, serializeSurface, toJson } from '../../exporter/write.ts';

describe('roundNumber', () => {
  it('keeps 6 significant digits and integers as they are', () => {
    expect(roundNumber(2 / 3)).toBe(0.666667);
    expect(roundNumber(2000 / 3)).toBe(666.667);
    expect(roundNumber(123456789)).toBe(123456789);
    expect(roundNumber(0.000123456789)).toBe(0.000123457);
  });

  it('turns NaN and infinities into null and -0 into 0', () => {
    expect(roundNumber(Number.NaN)).toBeNull();
    expect(roundNumber(Number.POSITIVE_INFINITY)).toBeNull();
    expect(Object.is(roundNumber(-0), 0)).toBe(true);
    expect(toJson({ a: Number.NEGATIVE_INFINITY, b: [0.1 + 0.2] })).toBe('{"a":null,"b":[0.3]}');
  });
});

describe('serializeSurface', () => {
  it('writes the envelope on one line and one row a line, rows last', () => {
    const text = serializeSurface({ rows: [{ a: 1 }, { a: 2 / 3 }], surface: 'x' } as { rows: unknown[]; surface: string });
    expect(text).toBe('{"surface":"x","rows":[\n{"a":1},\n{"a":0.666667}\n]}\n');
    expect(JSON.parse(text).rows).toHaveLength(2);
    expect(serializeSurface({ rows: [] })).toBe('{"rows":[]}\n');
  });
});
