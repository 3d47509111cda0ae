/** Live load: stats rows → per-endpoint load in the requests store, the shared refresh timer, and how the UI words it. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EndpointStatsDTO } from '../../../src-main/admin/types.js';
import { concurrencyPatch, describeLoad, validateConcurrency } from '../../../src-renderer/lib/capacity.js';
import { renderMsg } from '../../../src-renderer/i18n/message.js';
import { createStores } from '../../../src-renderer/store/index.js';
import { loadByEndpoint } from '../../../src-renderer/store/requests.js';
import { en, fakeClient, ja } from './fake-client.js';

function row(endpoint_id: string, window: EndpointStatsDTO['window'], in_flight: number, queue_depth: number): EndpointStatsDTO {
  return { endpoint_id, name: endpoint_id, window, requests: 0, errors: 0, p50_ms: null, p95_ms: null, ttft_p50_ms: null, ttft_p95_ms: null, in_flight, queue_depth, queue_wait_ms: queue_depth > 0 ? 120 : null };
}

/** The three windows of one endpoint, as /v0/stats lists them. */
const rows = (id: string, inFlight: number, queued: number) => (['5m', '1h', '24h'] as const).map((w) => row(id, w, inFlight, queued));

afterEach(() => {
  vi.useRealTimers();
});

describe('loadByEndpoint', () => {
  it('maps each endpoint once, whatever the number of windows', () => {
    expect(loadByEndpoint([...rows('a', 2, 5), ...rows('b', 0, 0)])).toEqual({
      a: { in_flight: 2, queue_depth: 5, queue_wait_ms: 120 },
      b: { in_flight: 0, queue_depth: 0, queue_wait_ms: null },
    });
  });

  it('keeps unchanged entries by identity and drops endpoints that are gone', () => {
    const prev = loadByEndpoint([...rows('a', 1, 0), ...rows('b', 2, 0), ...rows('gone', 1, 0)]);
    const next = loadByEndpoint([...rows('a', 1, 0), ...rows('b', 3, 1)], prev);
    expect(next.a).toBe(prev.a);
    expect(next.b).toEqual({ in_flight: 3, queue_depth: 1, queue_wait_ms: 120 });
    expect(next).not.toHaveProperty('gone');
  });
});

describe('requests store: live load', () => {
  it('loadStats fills liveLoad next to the stats rows', async () => {
    const fake = fakeClient({ stats: async () => ({ endpoints: [...rows('e1', 4, 2), ...rows('e2', 0, 0)] }) });
    const stores = createStores(fake.client);
    await stores.requests.getState().loadStats();
    const s = stores.requests.getState();
    expect(s.stats).toHaveLength(6);
    expect(s.liveLoad).toEqual({ e1: { in_flight: 4, queue_depth: 2, queue_wait_ms: 120 }, e2: { in_flight: 0, queue_depth: 0, queue_wait_ms: null } });
  });

  it('a failed refresh keeps the last load', async () => {
    let fail = false;
    const fake = fakeClient({
      stats: async () => {
        if (fail) throw new Error('down');
        return { endpoints: rows('e1', 1, 0) };
      },
    });
    const stores = createStores(fake.client);
    await stores.requests.getState().loadStats();
    fail = true;
    await stores.requests.getState().loadStats();
    expect(stores.requests.getState()).toMatchObject({ statsState: 'error', statsError: { message: 'down' }, liveLoad: { e1: { in_flight: 1, queue_depth: 0 } } });
  });

  it('watchStats loads at once, then on one timer at the shortest period, and stops with the last watcher', async () => {
    vi.useFakeTimers();
    const fake = fakeClient({ stats: async () => ({ endpoints: rows('e1', 1, 0) }) });
    const stores = createStores(fake.client);
    const api = stores.requests.getState();
    const stopSlow = api.watchStats(10_000);
    const stopFast = api.watchStats(5_000);
    expect(fake.client.stats).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.client.stats).toHaveBeenCalledTimes(4); // every 5 s, not 5 s and 10 s
    stopFast();
    stopFast(); // a second stop is harmless
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.client.stats).toHaveBeenCalledTimes(5);
    stopSlow();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.client.stats).toHaveBeenCalledTimes(5);
  });
});

describe('describeLoad', () => {
  it('shows in flight over the limit, and the queue only when there is one', () => {
    expect(describeLoad(4, { in_flight: 2, queue_depth: 0 }, en)).toEqual({ text: '2/4', label: '2 of 4 slots in use', level: 'busy' });
    expect(describeLoad(2, { in_flight: 2, queue_depth: 5 }, en)).toEqual({ text: '2/2 · 5 queued', label: '2 of 2 slots in use, 5 waiting for a slot', level: 'full' });
    expect(describeLoad(2, { in_flight: 2, queue_depth: 0 }, en).level).toBe('full');
    expect(describeLoad(4, { in_flight: 0, queue_depth: 0 }, en).level).toBe('idle');
  });

  it('says "no limit" for an unlimited endpoint, and a dash before the first stats', () => {
    expect(describeLoad(null, { in_flight: 3, queue_depth: 0 }, en)).toEqual({ text: '3 · no limit', label: '3 in flight, no concurrency limit', level: 'busy' });
    expect(describeLoad(null, undefined, en)).toMatchObject({ text: '—', level: 'unknown' });
  });

  it('reads in Japanese too', () => {
    expect(describeLoad(2, { in_flight: 2, queue_depth: 5 }, ja)).toEqual({ text: '2/2 · 待機 5', label: '2 枠中 2 枠を使用中、5 件が空き待ち', level: 'full' });
    expect(describeLoad(null, { in_flight: 3, queue_depth: 0 }, ja).text).toBe('3 · 上限なし');
  });
});

describe('max concurrency field', () => {
  it('accepts empty or a whole number from 1 to 10000', () => {
    for (const ok of ['', '  ', '1', '8', '10000']) expect(validateConcurrency(ok)).toBeUndefined();
    for (const bad of ['0', '-1', '2.5', '10001', 'abc']) expect(renderMsg(en, validateConcurrency(bad)!)).toBe('A whole number from 1 to 10,000.');
    expect(renderMsg(ja, validateConcurrency('0')!)).toBe('1〜10,000 の整数を入力してください。');
  });

  it('sends nothing when empty, the number when typed, null on reset', () => {
    expect(concurrencyPatch('', false)).toEqual({});
    expect(concurrencyPatch(' 8 ', false)).toEqual({ max_concurrency: 8 });
    expect(concurrencyPatch('8', true)).toEqual({ max_concurrency: null });
  });
});
