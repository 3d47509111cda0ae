import { describe, expect, it } from 'vitest';
import { Balancer, type Admission } from '../../../src-main/balancer/balancer.js';
import { EndpointStats } from '../../../src-main/balancer/stats.js';
import type { RouteTarget } from '../../../src-main/balancer/types.js';
import type { EndpointRecord } from '../../../src-main/registry/endpoints.js';

function endpoint(id: string, latency: number | null = null): EndpointRecord {
  return {
    id,
    name: id,
    base_url: `http://127.0.0.1/${id}`,
    endpoint_type: 'openai_compatible',
    endpoint_type_source: 'detected',
    status: 'online',
    api_key_enc: null,
    health_check_interval_secs: 30,
    inference_timeout_secs: 120,
    max_concurrency: null,
    learned_concurrency: null,
    latency_ms: latency,
    last_seen: null,
    last_error: null,
    error_count: 0,
    registered_at: '2026-01-01T00:00:00.000Z',
    notes: null,
    source: 'manual',
    version: null,
    last_synced_at: null,
  };
}
const target = (id: string, latency: number | null = null): RouteTarget => ({ endpoint: endpoint(id, latency), upstreamModel: 'm' });

describe('EndpointStats', () => {
  it('seeds from health latency, then follows an EWMA of observations', () => {
    let now = 0;
    const s = new EndpointStats({ alpha: 0.5, now: () => now });
    const ep = endpoint('a', 40);
    expect(s.latency(ep)).toBe(40);
    s.begin('a');
    s.end('a', { kind: 'success', latencyMs: 100 });
    expect(s.latency(ep)).toBe(100);
    expect(s.view(ep, 0).observed).toBe(true);
    s.record('a', { kind: 'success', latencyMs: 200 });
    expect(s.latency(ep)).toBe(150);
    // Long idle: back to the seed so one slow request does not starve it forever.
    now = 61_000;
    expect(s.latency(ep)).toBe(40);
  });

  it('uses a default latency without seed, cools down after a failure and recovers on success', () => {
    let now = 1000;
    const s = new EndpointStats({ defaultLatencyMs: 77, cooldownMs: 500, now: () => now });
    const ep = endpoint('a');
    expect(s.view(ep, 0)).toMatchObject({ latencyMs: 77, observed: false, inFlight: 0, coolingDown: false });
    s.record('a', { kind: 'failure' });
    expect(s.view(ep, 0).coolingDown).toBe(true);
    now += 501;
    expect(s.view(ep, 0).coolingDown).toBe(false);
    s.record('a', { kind: 'failure' });
    s.record('a', { kind: 'success', latencyMs: 5 });
    expect(s.view(ep, 0).coolingDown).toBe(false);
  });

  it('never lets in-flight go negative; forget keeps in-flight counts', () => {
    const s = new EndpointStats();
    s.end('a', { kind: 'neutral' });
    expect(s.inFlight('a')).toBe(0);
    s.begin('a');
    s.forget('a');
    expect(s.inFlight('a')).toBe(1);
  });
});

describe('Balancer', () => {
  it('hands out a lease without a promise when admission does not wait', () => {
    const b = new Balancer(new EndpointStats());
    const lease = b.acquire([target('a')]);
    expect(lease).not.toBeInstanceOf(Promise);
    expect((lease as { target: { endpoint: { id: string } } }).target.endpoint.id).toBe('a');
    expect(b.acquire([])).toBeNull();
  });

  it('leases count in flight and release exactly once', async () => {
    const b = new Balancer(new EndpointStats());
    const lease = await b.acquire([target('a')]);
    expect(lease?.target.endpoint.id).toBe('a');
    expect(b.stats.inFlight('a')).toBe(1);
    lease!.release({ kind: 'neutral' });
    lease!.release({ kind: 'neutral' });
    expect(b.stats.inFlight('a')).toBe(0);
  });

  it('spreads concurrent requests over equal endpoints and favours the fast one', async () => {
    const even = new Balancer(new EndpointStats());
    const counts: Record<string, number> = { a: 0, b: 0 };
    for (let i = 0; i < 40; i++) counts[(await even.acquire([target('a', 10), target('b', 10)]))!.target.endpoint.id]!++;
    expect(counts).toEqual({ a: 20, b: 20 });

    const skewed = new Balancer(new EndpointStats());
    const c2: Record<string, number> = { fast: 0, slow: 0 };
    for (let i = 0; i < 40; i++) c2[(await skewed.acquire([target('fast', 10), target('slow', 100)]))!.target.endpoint.id]!++;
    expect(c2.slow).toBeLessThan(6);
  });

  it('excludes endpoints already tried and returns null when none is left', async () => {
    const b = new Balancer(new EndpointStats());
    const ts = [target('a'), target('b')];
    expect((await b.acquire(ts, new Set(['a'])))?.target.endpoint.id).toBe('b');
    expect(await b.acquire(ts, new Set(['a', 'b']))).toBeNull();
  });

  it('asks the admission seam (capacity) and tells it about releases', async () => {
    const released: string[] = [];
    const admission: Admission = {
      admit: async (ordered) => ordered.find((t) => t.endpoint.id !== 'a') ?? null,
      released: (id) => released.push(id),
    };
    const b = new Balancer(new EndpointStats(), { admission, strategy: 'round-robin' });
    const lease = await b.acquire([target('a'), target('b')]);
    expect(lease?.target.endpoint.id).toBe('b');
    lease!.release({ kind: 'success', latencyMs: 1 });
    expect(released).toEqual(['b']);
    expect(await b.acquire([target('a')])).toBeNull();
  });
});
