import { describe, expect, it } from 'vitest';
import { endpointKey, isFailure, percentile } from '../../../src-main/requestlog/classify.js';
import { RollingStats, MAX_MODEL_KEYS } from '../../../src-main/requestlog/stats.js';
import { RollingWindow } from '../../../src-main/requestlog/window.js';
import { rec } from './rig.js';

const T0 = Date.parse('2025-01-01T00:00:00.000Z');

describe('percentile', () => {
  it('is nearest-rank', () => {
    const v = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });
});

describe('isFailure / endpointKey', () => {
  it('counts 5xx, network errors and broken committed replies, not 4xx', () => {
    expect(isFailure({ status: 502, error: 'x' })).toBe(true);
    expect(isFailure({ status: 0, error: 'refused' })).toBe(true);
    expect(isFailure({ status: 200, error: 'stream cut' })).toBe(true);
    expect(isFailure({ status: 200, error: null })).toBe(false);
    expect(isFailure({ status: 404, error: 'unknown model' })).toBe(false);
    expect(isFailure({ status: 499, error: 'client closed' })).toBe(false);
  });

  it('keys cloud traffic by provider and skips unrouted requests', () => {
    expect(endpointKey({ endpointId: 'e', endpointName: 'n', api: 'openai' })).toBe('e');
    expect(endpointKey({ endpointId: null, endpointName: 'anthropic', api: 'cloud' })).toBe('cloud:anthropic');
    expect(endpointKey({ endpointId: null, endpointName: null, api: 'openai' })).toBeNull();
  });
});

describe('RollingWindow', () => {
  it('forgets buckets older than the span', () => {
    const w = new RollingWindow({ spanMs: 60_000, buckets: 6, samples: 10 });
    w.add(T0, 10, null, false);
    w.add(T0 + 30_000, 20, 5, true);
    expect(w.snapshot(T0 + 30_000)).toEqual({ requests: 2, errors: 1, latency: [10, 20], ttft: [5] });
    expect(w.snapshot(T0 + 65_000).requests).toBe(1);
    expect(w.snapshot(T0 + 95_000).requests).toBe(0);
    expect(w.idle(T0 + 95_000)).toBe(true);
    w.add(T0, 1, null, false); // lands in its old bucket, which is outside the window
    expect(w.snapshot(T0 + 95_000).requests).toBe(0);
  });

  it('keeps counts exact but samples at most `samples` latencies per bucket', () => {
    const w = new RollingWindow({ spanMs: 60_000, buckets: 1, samples: 8 });
    for (let i = 0; i < 1000; i++) w.add(T0, i, null, false);
    const s = w.snapshot(T0);
    expect(s.requests).toBe(1000);
    expect(s.latency).toHaveLength(8);
  });

  it('drops a late record whose slot already holds a newer bucket', () => {
    const w = new RollingWindow({ spanMs: 60_000, buckets: 6, samples: 10 });
    w.add(T0 + 60_000, 1, null, false); // same slot as T0, one lap later
    w.add(T0, 2, null, false);
    expect(w.snapshot(T0 + 60_000)).toMatchObject({ requests: 1, latency: [1] });
  });
});

describe('RollingStats', () => {
  it('gives p50/p95 of known latencies per endpoint over each window', () => {
    const s = new RollingStats();
    // 30 min ago (1h and 24h only); 50 fits one bucket's reservoir, so the numbers are exact.
    for (let i = 1; i <= 50; i++) s.add(rec({ at: T0 - 30 * 60_000, latencyMs: 1000 + i }));
    for (let i = 1; i <= 20; i++) s.add(rec({ at: T0 - 1000, latencyMs: i * 10, ttftMs: i, status: i <= 2 ? 503 : 200 }));
    const five = s.endpoint('ep-1', '5m', T0);
    expect(five).toEqual({ requests: 20, errors: 2, p50_ms: 100, p95_ms: 190, ttft_p50_ms: 10, ttft_p95_ms: 19 });
    const hour = s.endpoint('ep-1', '1h', T0);
    // 20 fast + 50 slow: rank 35 is the 15th slow one, rank 67 the 47th.
    expect(hour).toMatchObject({ requests: 70, errors: 2, p50_ms: 1015, p95_ms: 1047 });
    expect(s.endpoint('ep-1', '24h', T0)).toMatchObject({ requests: 70, p50_ms: 1015, p95_ms: 1047 });
    expect(s.endpoint('nope', '5m', T0)).toEqual({ requests: 0, errors: 0, p50_ms: null, p95_ms: null, ttft_p50_ms: null, ttft_p95_ms: null });
    expect(s.model('m', '5m', T0).requests).toBe(20);
  });

  it('bounds model keys and sweeps idle keys', () => {
    const s = new RollingStats();
    for (let i = 0; i < MAX_MODEL_KEYS + 50; i++) s.add(rec({ at: T0, model: `m${i}` }));
    expect(s.modelKeys()).toHaveLength(MAX_MODEL_KEYS);
    s.add(rec({ at: T0, endpointId: null, endpointName: null, model: 'unrouted' }));
    expect(s.endpointKeys()).toEqual(['ep-1']);
    s.sweep(T0 + 25 * 3_600_000);
    expect(s.endpointKeys()).toEqual([]);
    expect(s.modelKeys()).toEqual([]);
  });
});
