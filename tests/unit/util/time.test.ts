import { describe, expect, it } from 'vitest';
import { iso } from '../../../src-main/util/time.js';

describe('iso', () => {
  it('matches Date#toISOString for edge values and in any order (the per-second cache never leaks)', () => {
    const base = Date.parse('2026-11-21T08:00:00.000Z');
    const values = [0, 1, 999, 1000, -1, -1000, 86_399_999, base, base + 5, base + 50, base + 999, base + 1000, base - 1, base + 1.5, 253_402_300_799_999, 253_402_300_800_000, -62_198_755_200_001];
    for (const ms of [...values, ...values.reverse()]) expect(iso(ms)).toBe(new Date(ms).toISOString());
    let x = 12345;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
      const ms = base + (x % 5_000) - 2_500;
      expect(iso(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('throws on an invalid time, like Date', () => {
    expect(() => iso(Number.NaN)).toThrow(RangeError);
  });
});
