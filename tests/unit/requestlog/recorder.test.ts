import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { LlmlbEvent } from '../../../src-main/admin/types.js';
import { RequestLog } from '../../../src-main/requestlog/recorder.js';
import { logRig, rec, type LogRig } from './rig.js';
import { noopLogger } from '../../../src-main/logging/logger.js';

let r: LogRig;
afterEach(() => r?.close());

describe('RequestLog', () => {
  it('writes nothing on record; rows appear after the flush interval, in one transaction', () => {
    r = logRig({ flushIntervalMs: 1000, batchSize: 200 });
    for (let i = 0; i < 150; i++) r.log.record(rec({ latencyMs: i }));
    expect(r.rows()).toBe(0);
    // A second connection sees nothing either: no synchronous write on the request path.
    const other = new Database(r.file, { readonly: true });
    expect((other.prepare('SELECT COUNT(*) AS n FROM request_log').get() as { n: number }).n).toBe(0);
    r.clock.advance(999);
    expect(r.rows()).toBe(0);
    r.clock.advance(1);
    expect(r.rows()).toBe(150);
    expect((other.prepare('SELECT COUNT(*) AS n FROM request_log').get() as { n: number }).n).toBe(150);
    other.close();
    expect(r.log.counters()).toEqual({ flushes: 1, rowsWritten: 150, dropped: 0, pending: 0 });
  });

  it('flushes at once (next tick, not inline) when a batch fills', () => {
    r = logRig({ flushIntervalMs: 60_000, batchSize: 200 });
    for (let i = 0; i < 200; i++) r.log.record(rec());
    expect(r.rows()).toBe(0);
    r.clock.advance(0);
    expect(r.rows()).toBe(200);
    expect(r.log.counters().flushes).toBe(1);
  });

  it('lists newest first with unflushed rows, ids stable across the flush', () => {
    r = logRig();
    r.log.record(rec({ model: 'a' }));
    r.clock.advance(1000);
    r.log.record(rec({ model: 'b' }));
    r.log.record(rec({ model: 'c', stream: true, ttftMs: 12.34 }));
    const before = r.log.recent(10);
    expect(before.map((x) => x.model)).toEqual(['c', 'b', 'a']);
    expect(before[0]).toMatchObject({ stream: true, ttft_ms: 12.3, endpoint_id: 'ep-1', at: '2025-01-01T00:00:00.000Z' });
    r.log.flush();
    expect(r.log.recent(10)).toEqual(before);
    expect(r.log.recent(2).map((x) => x.model)).toEqual(['c', 'b']);
    expect(new Set(before.map((x) => x.id)).size).toBe(3);
  });

  it('continues ids after a restart on the same database', () => {
    r = logRig();
    r.log.record(rec());
    r.log.stop();
    const again = new RequestLog(r.store, r.clock, r.events, noopLogger);
    again.record(rec());
    again.flush();
    expect(r.store.recent(5).map((x) => x.id)).toEqual([2, 1]);
  });

  it('prunes rows older than the retention, hourly', () => {
    r = logRig({ retentionMs: 7 * 86_400_000, pruneIntervalMs: 3_600_000 });
    const now = r.clock.now();
    r.log.record(rec({ at: now - 8 * 86_400_000 }));
    r.log.record(rec({ at: now - 6 * 86_400_000 }));
    r.log.flush();
    r.log.start(); // prunes once at start
    expect(r.rows()).toBe(1);
    r.clock.advance(25 * 3_600_000); // the 6-day-old row passes 7 days; the next hourly prune removes it
    expect(r.rows()).toBe(0);
    r.log.stop();
  });

  it('publishes request.logged only when someone listens, and fans out to sinks', () => {
    r = logRig();
    const seen: LlmlbEvent[] = [];
    const sunk: number[] = [];
    r.log.onRecord((x) => sunk.push(x.latencyMs));
    r.log.record(rec({ latencyMs: 1 }));
    const off = r.events.subscribe((e) => seen.push(e));
    r.log.record(rec({ latencyMs: 2 }));
    off();
    expect(seen).toEqual([{ type: 'request.logged', request: expect.objectContaining({ latency_ms: 2, id: 2 }) }]);
    expect(sunk).toEqual([1, 2]);
  });

  it('keeps rows while the database refuses writes, and writes them later', () => {
    r = logRig({ maxPending: 3 });
    r.db.exec('CREATE TRIGGER no_writes BEFORE INSERT ON request_log_chunks BEGIN SELECT RAISE(ABORT, \'read only\'); END');
    for (let i = 0; i < 5; i++) r.log.record(rec({ latencyMs: i }));
    expect(r.log.flush()).toBe(0);
    expect(r.lines.some((l) => l.includes('write failed'))).toBe(true);
    expect(r.log.counters()).toMatchObject({ pending: 3, dropped: 2 });
    // The dropped rows were the oldest: the kept ones keep their own ids.
    expect(r.log.recent(10).map((x) => [x.id, x.latency_ms])).toEqual([[5, 4], [4, 3], [3, 2]]);
    r.db.exec('DROP TRIGGER no_writes');
    r.clock.advance(1000);
    expect(r.rows()).toBe(3);
    expect(r.log.recent(10).map((x) => [x.id, x.latency_ms])).toEqual([[5, 4], [4, 3], [3, 2]]);
    r.log.record(rec({ latencyMs: 9, requestId: 'after' }));
    expect(r.log.byRequestId('after', 5).map((x) => [x.id, x.latency_ms])).toEqual([[6, 9]]);
    r.log.flush();
    expect(r.store.byRequestId('after', 5).map((x) => x.id)).toEqual([6]);
  });
});
