import { describe, expect, it } from 'vitest';
import { DiscoveryLoop } from '../../../src-main/discovery/loop.js';
import type { Clock } from '../../../src-main/util/time.js';
import { noopLogger } from '../../../src-main/logging/logger.js';
import { textLogger } from '../../helpers/logger.js';

/** A clock whose timers fire only when the test advances it. */
class ManualClock implements Clock {
  t = 0;
  readonly timers = new Map<number, { at: number; fn: () => void }>();
  #next = 1;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.#next++;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.timers.delete(h as number);
  }
  advance(ms: number): void {
    this.t += ms;
    for (const [id, tm] of [...this.timers]) {
      if (tm.at <= this.t) {
        this.timers.delete(id);
        tm.fn();
      }
    }
  }
}

/** A round the test finishes by hand. */
function gatedRounds() {
  const calls: { signal: AbortSignal; finish: () => void }[] = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const round = (signal: AbortSignal): Promise<void> =>
    new Promise<void>((resolve) => {
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      const finish = (): void => {
        concurrent--;
        resolve();
      };
      calls.push({ signal, finish });
    });
  return { calls, round, max: () => maxConcurrent };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

function setup(enabled = { on: true }) {
  const clock = new ManualClock();
  const g = gatedRounds();
  const loop = new DiscoveryLoop({ round: g.round, enabled: () => enabled.on, intervalMs: () => 1000, clock, logger: noopLogger });
  return { clock, g, loop, enabled };
}

describe('DiscoveryLoop', () => {
  it('runs the first round at start, then one per interval after the previous ends', async () => {
    const { clock, g, loop } = setup();
    loop.start();
    expect(g.calls).toHaveLength(1);
    clock.advance(5000);
    expect(g.calls).toHaveLength(1); // no timer while a round runs
    g.calls[0]!.finish();
    await tick();
    expect(clock.timers.size).toBe(1);
    clock.advance(999);
    expect(g.calls).toHaveLength(1);
    clock.advance(1);
    expect(g.calls).toHaveLength(2);
    g.calls[1]!.finish();
    await loop.stop();
  });

  it('never overlaps rounds: a kick during a round queues one more', async () => {
    const { g, loop } = setup();
    loop.start();
    loop.kick();
    loop.kick();
    expect(g.calls).toHaveLength(1);
    g.calls[0]!.finish();
    await tick();
    expect(g.calls).toHaveLength(2);
    g.calls[1]!.finish();
    await tick();
    expect(g.calls).toHaveLength(2);
    expect(g.max()).toBe(1);
    await loop.stop();
  });

  it('does nothing while disabled; a kick after enabling starts rounds', async () => {
    const { clock, g, loop, enabled } = setup({ on: false });
    loop.start();
    clock.advance(10_000);
    expect(g.calls).toHaveLength(0);
    enabled.on = true;
    loop.kick();
    expect(g.calls).toHaveLength(1);
    g.calls[0]!.finish();
    await loop.stop();
  });

  it('disabling aborts the running round and schedules nothing', async () => {
    const { clock, g, loop, enabled } = setup();
    loop.start();
    enabled.on = false;
    loop.kick();
    expect(g.calls[0]!.signal.aborted).toBe(true);
    g.calls[0]!.finish();
    await tick();
    expect(clock.timers.size).toBe(0);
    await loop.stop();
  });

  it('stop aborts and awaits the running round, then leaves no timer', async () => {
    const { clock, g, loop } = setup();
    loop.start();
    let stopped = false;
    const p = loop.stop().then(() => (stopped = true));
    await tick();
    expect(g.calls[0]!.signal.aborted).toBe(true);
    expect(stopped).toBe(false);
    g.calls[0]!.finish();
    await p;
    expect(clock.timers.size).toBe(0);
    loop.kick();
    expect(g.calls).toHaveLength(1);
  });

  it('survives a failing round', async () => {
    const clock = new ManualClock();
    const lines: string[] = [];
    let n = 0;
    const loop = new DiscoveryLoop({
      round: async () => {
        n++;
        throw new Error('boom');
      },
      enabled: () => true,
      intervalMs: () => 10,
      clock,
      logger: textLogger(lines),
    });
    loop.start();
    await tick();
    clock.advance(10);
    await tick();
    expect(n).toBe(2);
    expect(lines[0]).toContain('boom');
    await loop.stop();
  });
});
