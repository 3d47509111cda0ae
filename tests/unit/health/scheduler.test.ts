import { describe, expect, it } from 'vitest';
import { HealthScheduler } from '../../../src-main/health/scheduler.js';
import { ManualClock } from './manual-clock.js';

const tick = () => new Promise((r) => setImmediate(r));

/** A scheduler whose checks are recorded and finish when the test says so. */
function harness(intervals: Record<string, number>, concurrency = 8) {
  const clock = new ManualClock();
  const runs: string[] = [];
  const open = new Map<string, () => void>();
  let active = 0;
  let maxActive = 0;
  const s = new HealthScheduler({
    clock,
    concurrency,
    intervalSecs: (id) => intervals[id],
    check: (id) => {
      runs.push(id);
      active++;
      maxActive = Math.max(maxActive, active);
      return new Promise<void>((resolve) =>
        open.set(id, () => {
          active--;
          open.delete(id);
          resolve();
        }),
      );
    },
  });
  const finishAll = async () => {
    while (open.size > 0) {
      for (const done of [...open.values()]) done();
      await tick();
      await tick();
    }
  };
  return { clock, s, runs, open, finishAll, maxActive: () => maxActive };
}

describe('HealthScheduler', () => {
  it('checks everything at start, never more than the cap at once', async () => {
    const h = harness({ a: 30, b: 30, c: 30, d: 30, e: 30 }, 2);
    h.s.startAll(['a', 'b', 'c', 'd', 'e']);
    expect(h.runs).toEqual(['a', 'b']);
    await h.finishAll();
    expect(h.runs.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(h.maxActive()).toBe(2);
    expect(h.s.plannedCount()).toBe(5);
  });

  it('re-checks each endpoint on its own interval', async () => {
    const h = harness({ fast: 10, slow: 30 });
    h.s.startAll(['fast', 'slow']);
    await h.finishAll();
    h.runs.length = 0;
    h.clock.advance(9_999);
    expect(h.runs).toEqual([]);
    h.clock.advance(1);
    expect(h.runs).toEqual(['fast']);
    await h.finishAll();
    h.clock.advance(10_000); // t=20 s
    await h.finishAll();
    expect(h.runs).toEqual(['fast', 'fast']);
    h.clock.advance(10_000); // t=30 s: both due
    await h.finishAll();
    expect(h.runs.sort()).toEqual(['fast', 'fast', 'fast', 'slow']);
  });

  it('re-plans with a new interval and forgets removed endpoints', async () => {
    const intervals: Record<string, number> = { a: 30, b: 30 };
    const h = harness(intervals);
    h.s.startAll(['a', 'b']);
    await h.finishAll();
    h.runs.length = 0;
    intervals.a = 10;
    h.s.plan('a');
    h.s.remove('b');
    delete intervals.b;
    for (let i = 0; i < 4; i++) {
      h.clock.advance(10_000); // the next check is planned when the previous one ends
      await h.finishAll();
    }
    expect(h.runs).toEqual(['a', 'a', 'a', 'a']);
  });

  it('does not re-plan an endpoint removed while its check runs', async () => {
    const intervals: Record<string, number> = { a: 10 };
    const h = harness(intervals);
    h.s.startAll(['a']);
    h.s.remove('a');
    delete intervals.a;
    await h.finishAll();
    expect(h.s.plannedCount()).toBe(0);
    expect(h.clock.pending()).toBe(0);
  });

  it('never runs two checks of one endpoint at once', async () => {
    const h = harness({ a: 10 });
    h.s.runNow('a');
    h.s.runNow('a');
    h.clock.advance(60_000);
    expect(h.runs).toEqual(['a']);
    await h.finishAll();
    expect(h.s.plannedCount()).toBe(1);
  });

  it('stop clears every timer and waits for running checks, but only so long', async () => {
    const h = harness({ a: 10, b: 10 });
    h.s.startAll(['a', 'b']);
    h.open.get('a')!();
    await tick();
    expect(h.s.plannedCount()).toBe(1);
    const started = Date.now();
    await h.s.stop(100); // b never finishes
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(h.s.plannedCount()).toBe(0);
    expect(h.clock.pending()).toBe(0);
    h.open.get('b')!();
    await tick();
    expect(h.clock.pending()).toBe(0); // a check that ends after stop is not re-planned
    h.s.runNow('a');
    expect(h.runs).toEqual(['a', 'b']);
  });
});
