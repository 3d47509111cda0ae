/**
 * Capacity-aware routing in the whole app: fakes that take 500 ms per request and have 2 slots each.
 * Concurrency is measured at the fakes (arrival to finish of each request they saw).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlamaCpp, startFakeVllm, type LlamaCppFake } from '../fakes/index.js';
import type { FakeHandle } from '../fakes/server.js';
import { call, registerEndpoint, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { chat, inference, liveStats, peakConcurrency, waves } from './capacity-helpers.js';

const LATENCY_MS = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('two llama.cpp servers with 2 slots each (learned from /props)', () => {
  let t: TestApp;
  let a: LlamaCppFake;
  let b: LlamaCppFake;
  let ids: string[];

  beforeAll(async () => {
    [a, b] = await Promise.all([startFakeLlamaCpp({ totalSlots: 2, models: ['tiny'] }), startFakeLlamaCpp({ totalSlots: 2, models: ['tiny'] })]);
    t = await startTestApp();
    ids = [await registerEndpoint(t, 'llama-a', a.url, { maxConcurrency: 2, timeoutMs: 8000 }), await registerEndpoint(t, 'llama-b', b.url, { maxConcurrency: 2, timeoutMs: 8000 })];
    for (const f of [a, b]) f.options.latencyMs = LATENCY_MS;
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([a?.close(), b?.close()]);
  });

  it('20 concurrent requests: at most 2 in flight on either, all succeed, in about 5 waves', async () => {
    let peakInFlight = 0;
    let peakQueue = 0;
    let running = true;
    const sampler = (async () => {
      while (running) {
        for (const id of ids) {
          const s = (await liveStats(t)).get(id)!;
          peakInFlight = Math.max(peakInFlight, s.in_flight);
          peakQueue = Math.max(peakQueue, s.queue_depth);
        }
        await sleep(50);
      }
    })();
    const t0 = Date.now();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => chat(t, 'tiny', `request ${i}`)));
    const elapsed = Date.now() - t0;
    running = false;
    await sampler;

    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(peakConcurrency(a)).toBe(2);
    expect(peakConcurrency(b)).toBe(2);
    expect(inference(a).length + inference(b).length).toBe(20);
    // Four slots, 500 ms each: five waves of four, about 2.5 s in all (slack for a loaded machine).
    expect(waves([a, b], LATENCY_MS / 2)).toEqual([4, 4, 4, 4, 4]);
    expect(elapsed).toBeGreaterThanOrEqual(5 * LATENCY_MS - 50);
    expect(elapsed).toBeLessThan(5 * LATENCY_MS + 1500);
    const ms = results.map((r) => r.ms).sort((x, y) => x - y);
    expect(ms[3]).toBeLessThan(2 * LATENCY_MS);
    expect(ms[4]).toBeGreaterThanOrEqual(2 * LATENCY_MS - 50);
    expect(peakInFlight).toBeLessThanOrEqual(2);
    expect(peakQueue).toBeGreaterThan(0);
  });

  it('exports queue depth, waits and slot use in /metrics, and the limit in the endpoint DTO', async () => {
    const text = (await call(t.url, 'GET', '/metrics')).body as string;
    expect(text).toContain('llmlb_endpoint_max_concurrency{endpoint="llama-a"} 2');
    expect(text).toContain('llmlb_endpoint_in_flight{endpoint="llama-b"} 0');
    expect(text).toContain('# TYPE llmlb_queue_wait_seconds histogram');
    // Sixteen had to wait, in four later waves: the wait sum is about (1+2+3+4) × 4 × 0.5 s.
    const count = Number(/llmlb_queue_wait_seconds_count\{model="tiny",outcome="admitted"\} (\d+)/.exec(text)?.[1]);
    expect(count).toBeGreaterThanOrEqual(14); // 16 unless a request reached llmlb after the first wave ended
    expect(count).toBeLessThanOrEqual(16);
    const sum = Number(/llmlb_queue_wait_seconds_sum\{model="tiny",outcome="admitted"\} ([\d.]+)/.exec(text)?.[1]);
    expect(sum).toBeGreaterThan(15);
    expect(sum).toBeLessThan(45);
    expect(text).toContain('# TYPE llmlb_queue_depth gauge');
    const dto = (await call(t.url, 'GET', `/v0/endpoints/${ids[0]}`)).body;
    expect(dto.max_concurrency).toBe(2);
    // /v0/stats carries the smoothed wait of queued requests per endpoint (waits were 0.5–2 s).
    const stats = (await call(t.url, 'GET', '/v0/stats')).body.endpoints as { endpoint_id: string; queue_wait_ms: number | null }[];
    for (const id of ids) {
      const wait = stats.find((r) => r.endpoint_id === id)!.queue_wait_ms;
      expect(wait).toBeGreaterThan(300);
      expect(wait).toBeLessThan(2500);
    }
  });
});

describe('queue bounds: two vLLM servers limited to 2 by PUT, LLMLB_QUEUE_MAX=5', () => {
  let t: TestApp;
  let a: FakeHandle;
  let b: FakeHandle;
  let ids: string[];
  const posts = () => inference(a).length + inference(b).length;

  beforeAll(async () => {
    [a, b] = await Promise.all([startFakeVllm({ models: ['m'] }), startFakeVllm({ models: ['m'] })]);
    t = await startTestApp({ env: { LLMLB_QUEUE_MAX: '5' } });
    ids = [await registerEndpoint(t, 'vllm-a', a.url, { timeoutMs: 8000 }), await registerEndpoint(t, 'vllm-b', b.url, { timeoutMs: 8000 })];
    for (const id of ids) {
      const r = await call(t.url, 'PUT', `/v0/endpoints/${id}`, { max_concurrency: 2 });
      expect(r.status).toBe(200);
      expect(r.body.max_concurrency).toBe(2);
    }
    for (const f of [a, b]) f.options.latencyMs = LATENCY_MS;
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([a?.close(), b?.close()]);
  });

  it('the excess over 4 in flight + 5 queued gets 429 with Retry-After at once; the rest succeed', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => chat(t, 'm', `burst ${i}`)));
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 429);
    expect(ok).toHaveLength(9);
    expect(refused).toHaveLength(11);
    for (const r of refused) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(r.body.error).toMatchObject({ code: 'queue_full', type: 'rate_limit_error' });
      expect(r.ms).toBeLessThan(LATENCY_MS);
    }
    expect(peakConcurrency(a)).toBeLessThanOrEqual(2);
    expect(peakConcurrency(b)).toBeLessThanOrEqual(2);
    expect(posts()).toBe(9);
  });

  it('a request that waits longer than x-llmlb-queue-timeout gets 503 queue_timeout', async () => {
    const before = posts();
    const busy = Array.from({ length: 4 }, (_, i) => chat(t, 'm', `busy ${i}`));
    await waitFor(() => posts() === before + 4);
    const late = await chat(t, 'm', 'impatient', { headers: { 'x-llmlb-queue-timeout': '0.2' } });
    expect(late.status).toBe(503);
    expect(late.body.error.code).toBe('queue_timeout');
    expect(late.headers.get('retry-after')).not.toBeNull();
    expect(late.ms).toBeGreaterThanOrEqual(190);
    expect(late.ms).toBeLessThan(1500);
    const bad = await chat(t, 'm', 'bad header', { headers: { 'x-llmlb-queue-timeout': 'soon' } });
    expect(bad.status).toBe(400);
    expect((await Promise.all(busy)).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(posts()).toBe(before + 4);
  });

  it('a queued client that disconnects leaves the queue at once and never reaches an endpoint', async () => {
    for (const f of [a, b]) f.options.latencyMs = 3 * LATENCY_MS;
    const before = posts();
    const busy = Array.from({ length: 4 }, (_, i) => chat(t, 'm', `busy ${i}`));
    await waitFor(() => posts() === before + 4);
    const ac = new AbortController();
    const leaver = chat(t, 'm', 'leaver', { signal: ac.signal }).catch((e: Error) => e);
    await waitFor(async () => (await liveStats(t)).get(ids[0]!)!.queue_depth === 1);
    ac.abort();
    await waitFor(async () => (await liveStats(t)).get(ids[0]!)!.queue_depth === 0, 1000, 10);
    // Gone from the queue while every slot is still busy: it did not wait for a release to notice.
    expect([...inference(a), ...inference(b)].filter((r) => r.finishedAt === null)).toHaveLength(4);
    expect(await leaver).toBeInstanceOf(Error);
    expect((await Promise.all(busy)).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    for (const f of [a, b]) f.options.latencyMs = LATENCY_MS;
    await sleep(100);
    expect(posts()).toBe(before + 4);
    expect([...inference(a), ...inference(b)].some((r) => JSON.stringify(r.body).includes('leaver'))).toBe(false);
  });
});
