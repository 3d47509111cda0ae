import { describe, expect, it } from 'vitest';
import type { LlmlbEvent, LogEntryDTO } from '../../../src-main/admin/types.js';
import { LiveLogPublisher } from '../../../src-main/logging/live.js';
import type { Clock } from '../../../src-main/util/time.js';

/** A clock whose timers run only when `tick()` is called. */
function manualClock(): Clock & { tick(): void; pending(): number } {
  const timers = new Map<number, () => void>();
  let n = 0;
  return {
    now: () => 0,
    setTimeout: (fn) => {
      timers.set(++n, fn);
      return n;
    },
    clearTimeout: (h) => void timers.delete(h as number),
    tick: () => {
      const due = [...timers.values()];
      timers.clear();
      for (const fn of due) fn();
    },
    pending: () => timers.size,
  };
}

const entry = (msg: string, level: LogEntryDTO['level'] = 'info'): LogEntryDTO => ({ time: '2026-03-10T12:00:00.000Z', level, component: 'gateway', msg });

describe('live log events', () => {
  it('batches entries at info and above into one `log` event per interval', () => {
    const clock = manualClock();
    const events: LlmlbEvent[] = [];
    const live = new LiveLogPublisher((e) => events.push(e), () => true, clock);
    live.offer(entry('a'), 30);
    live.offer(entry('debug', 'debug'), 20);
    live.offer(entry('b', 'warn'), 40);
    expect(events).toEqual([]);
    expect(clock.pending()).toBe(1);
    clock.tick();
    expect(events).toEqual([{ type: 'log', entries: [entry('a'), entry('b', 'warn')], dropped: 0 }]);
  });

  it('bounds a storm: at most maxPerBatch entries per event, the rest counted as dropped', () => {
    const clock = manualClock();
    const events: LlmlbEvent[] = [];
    const live = new LiveLogPublisher((e) => events.push(e), () => true, clock, { maxPerBatch: 10 });
    for (let i = 0; i < 1000; i++) live.offer(entry(`m${i}`), 40);
    clock.tick();
    expect(events).toHaveLength(1);
    const e = events[0] as Extract<LlmlbEvent, { type: 'log' }>;
    expect(e.entries).toHaveLength(10);
    expect(e.dropped).toBe(990);
  });

  it('does nothing while nobody listens', () => {
    const clock = manualClock();
    const events: LlmlbEvent[] = [];
    const live = new LiveLogPublisher((e) => events.push(e), () => false, clock);
    live.offer(entry('a'), 50);
    expect(clock.pending()).toBe(0);
    clock.tick();
    expect(events).toEqual([]);
  });
});
