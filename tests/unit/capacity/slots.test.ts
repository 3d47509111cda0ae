import { describe, expect, it } from 'vitest';
import { firstWithRoom, SlotTable } from '../../../src-main/capacity/slots.js';
import { target } from './fixtures.js';

describe('SlotTable', () => {
  it('counts slots taken and given back, never below zero', () => {
    const s = new SlotTable();
    expect(s.hasRoom('a', 1)).toBe(true);
    s.take('a');
    s.take('a');
    expect(s.held('a')).toBe(2);
    expect(s.hasRoom('a', 2)).toBe(false);
    expect(s.hasRoom('a', 3)).toBe(true);
    expect(s.give('a')).toBe(true);
    expect(s.give('a')).toBe(true);
    expect(s.give('a')).toBe(false);
    expect(s.held('a')).toBe(0);
    expect([...s.entries()]).toEqual([]);
  });
});

describe('firstWithRoom', () => {
  const held: Record<string, number> = { a: 2, b: 1, c: 0 };
  const limits: Record<string, number> = { a: 2, b: 1, c: Number.POSITIVE_INFINITY };
  const pick = (ids: string[]) =>
    firstWithRoom(
      ids.map((id) => target(id)),
      (id) => held[id] ?? 0,
      (id) => limits[id] ?? Number.POSITIVE_INFINITY,
    )?.endpoint.id ?? null;

  it("keeps the balancer's order and skips full endpoints", () => {
    expect(pick(['a', 'b', 'c'])).toBe('c');
    expect(pick(['c', 'a'])).toBe('c');
    expect(pick(['d', 'c'])).toBe('d');
  });

  it('returns null when every candidate is full', () => {
    expect(pick(['a', 'b'])).toBeNull();
    expect(pick([])).toBeNull();
  });
});
