import { describe, expect, it } from 'vitest';
import { WaitLine, type Waiter } from '../../../src-main/capacity/queue.js';
import { target } from './fixtures.js';

const waiter = (seq: number, model: string, ids: string[]): Waiter => ({ seq, model, candidates: ids.map((id) => target(id)) });

describe('WaitLine', () => {
  it('keeps waiters in ticket order, a late insert with an early ticket goes ahead of later ones', () => {
    const line = new WaitLine<Waiter>();
    const [w1, w3, w4, w2] = [waiter(1, 'x', ['a']), waiter(3, 'x', ['a']), waiter(4, 'y', ['b']), waiter(2, 'x', ['a', 'b'])];
    for (const w of [w1, w3, w4, w2]) line.add(w);
    expect(line.all().map((w) => w.seq)).toEqual([1, 2, 3, 4]);
    expect(line.depth('x')).toBe(3);
    expect(line.depth('y')).toBe(1);
    expect(line.countFor('b')).toBe(2);
    expect(line.remove(w2)).toBe(true);
    expect(line.remove(w2)).toBe(false);
    expect(line.size).toBe(3);
    expect(Object.fromEntries(line.depths())).toEqual({ x: 2, y: 1 });
    line.remove(w4);
    expect(line.depth('y')).toBe(0);
    expect([...line.depths()].map(([m]) => m)).toEqual(['x']);
  });

  it('serves the oldest waiter that may use the released endpoint', () => {
    const line = new WaitLine<Waiter>();
    line.add(waiter(1, 'x', ['a']));
    line.add(waiter(2, 'y', ['b']));
    line.add(waiter(3, 'y', ['a', 'b']));
    const free = new Set(['b']);
    const pick = (c: Waiter['candidates']) => c.find((t) => free.has(t.endpoint.id)) ?? null;
    expect(line.next(pick, 'b')?.waiter.seq).toBe(2);
    expect(line.next(pick)?.waiter.seq).toBe(2);
    free.clear();
    free.add('a');
    expect(line.next(pick, 'a')?.waiter.seq).toBe(1);
    expect(line.next(pick, 'a')?.target.endpoint.id).toBe('a');
    free.clear();
    expect(line.next(pick)).toBeNull();
  });
});
