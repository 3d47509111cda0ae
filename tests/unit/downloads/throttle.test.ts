import { describe, expect, it } from 'vitest';
import { Throttle } from '../../../src-main/downloads/throttle.js';
import { ManualClock } from '../health/manual-clock.js';

describe('Throttle', () => {
  it('runs at once, then at most once per interval with a trailing run carrying the latest state', () => {
    const clock = new ManualClock();
    const runs: number[] = [];
    const t = new Throttle(clock, 250, () => runs.push(clock.now() - start));
    const start = clock.now();
    t.poke();
    expect(runs).toEqual([0]);
    for (let i = 0; i < 10; i++) {
      clock.advance(20);
      t.poke();
    }
    expect(runs).toEqual([0]);
    clock.advance(100);
    expect(runs).toEqual([0, 250]);
    expect(clock.pending()).toBe(0);
  });

  it('flush runs now and drops the trailing run; cancel leaves no timer', () => {
    const clock = new ManualClock();
    let n = 0;
    const t = new Throttle(clock, 1000, () => n++);
    t.poke();
    t.poke();
    expect(clock.pending()).toBe(1);
    t.flush();
    expect(n).toBe(2);
    expect(clock.pending()).toBe(0);
    t.poke();
    t.cancel();
    expect(clock.pending()).toBe(0);
    clock.advance(5000);
    expect(n).toBe(2);
  });
});
