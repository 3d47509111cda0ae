import { describe, expect, it } from 'vitest';
import { Balancer, type AdmitRequest } from '../../../src-main/balancer/balancer.js';
import { EndpointStats } from '../../../src-main/balancer/stats.js';
import type { RouteTarget } from '../../../src-main/balancer/types.js';
import { CapacityAdmission, type QueueLimits, type WaitOutcome } from '../../../src-main/capacity/admission.js';
import { AppError } from '../../../src-main/util/errors.js';
import { ManualClock } from '../health/manual-clock.js';
import { endpoint, target } from './fixtures.js';

function setup(queue: Partial<QueueLimits> = {}) {
  const clock = new ManualClock();
  const seen: { model: string; waitedMs: number; outcome: WaitOutcome }[] = [];
  const cap = new CapacityAdmission({
    clock,
    queue: () => ({ maxLength: 100, maxWaitMs: 60_000, ...queue }),
    observe: (model, waitedMs, outcome) => seen.push({ model, waitedMs, outcome }),
  });
  return { clock, cap, seen };
}

/** Admits and returns the endpoint id, or a promise of it (queued). */
const id = (r: RouteTarget | Promise<RouteTarget> | null) => (r instanceof Promise ? r.then((t) => t.endpoint.id) : (r?.endpoint.id ?? null));
const settled = async <T>(p: Promise<T>) => {
  let state: 'pending' | 'ok' | 'err' = 'pending';
  p.then(
    () => (state = 'ok'),
    () => (state = 'err'),
  );
  await new Promise((r) => setImmediate(r));
  return state;
};
const req = (model = 'm', maxWaitMs?: number): AdmitRequest => ({ model, ...(maxWaitMs !== undefined ? { maxWaitMs } : {}) });

describe('CapacityAdmission', () => {
  it("admits the balancer's first choice with a free slot, in order, and counts slots", () => {
    const { cap } = setup();
    const ts = [target('a', 1), target('b', 2)];
    expect(id(cap.admit(ts))).toBe('a');
    expect(id(cap.admit(ts))).toBe('b');
    expect(id(cap.admit(ts))).toBe('b');
    expect(cap.inFlight('a')).toBe(1);
    expect(cap.inFlight('b')).toBe(2);
    expect(cap.limit('b')).toBe(2);
    cap.released('a');
    expect(id(cap.admit(ts))).toBe('a');
  });

  it('never limits unlimited endpoints', () => {
    const { cap } = setup({ maxLength: 0 });
    for (let i = 0; i < 1000; i++) expect(id(cap.admit([target('v')]))).toBe('v');
    expect(cap.limit('v')).toBeNull();
  });

  it('queues when all are full and serves waiters first come first served on release', async () => {
    const { cap, clock, seen } = setup();
    const ts = [target('a', 1), target('b', 1)];
    cap.admit(ts, undefined, req());
    cap.admit(ts, undefined, req());
    const order: string[] = [];
    const w1 = (cap.admit(ts, undefined, req()) as Promise<RouteTarget>).then((t) => order.push(`w1:${t.endpoint.id}`));
    const w2 = (cap.admit(ts, undefined, req()) as Promise<RouteTarget>).then((t) => order.push(`w2:${t.endpoint.id}`));
    expect(cap.modelQueueDepth('m')).toBe(2);
    expect(cap.queueDepth('a')).toBe(2);
    clock.advance(250);
    cap.released('b');
    cap.released('a');
    await Promise.all([w1, w2]);
    expect(order).toEqual(['w1:b', 'w2:a']);
    expect(cap.modelQueueDepth('m')).toBe(0);
    expect(seen.filter((s) => s.outcome === 'admitted').map((s) => s.waitedMs)).toEqual([250, 250]);
  });

  it('wakes the oldest waiter whose candidates include the released endpoint', async () => {
    const { cap } = setup();
    cap.admit([target('a', 1)]);
    cap.admit([target('b', 1)]);
    const onA = cap.admit([target('a', 1)], undefined, req('x')) as Promise<RouteTarget>;
    const onB = cap.admit([target('b', 1)], undefined, req('y')) as Promise<RouteTarget>;
    cap.released('b');
    expect(await settled(onB)).toBe('ok');
    expect(await settled(onA)).toBe('pending');
    cap.released('a');
    expect((await onA).endpoint.id).toBe('a');
  });

  it('refuses with 429 and Retry-After when the model queue is full (other models unaffected)', async () => {
    const { cap, seen } = setup({ maxLength: 1 });
    cap.admit([target('a', 1)], undefined, req('x'));
    const queued = cap.admit([target('a', 1)], undefined, req('x'));
    const refused = cap.admit([target('a', 1)], undefined, req('x')) as Promise<RouteTarget>;
    await expect(refused).rejects.toMatchObject({ code: 'queue_full', status: 429 });
    await expect(refused).rejects.toSatisfy((e: AppError) => (e.retryAfter ?? 0) >= 1);
    const other = cap.admit([target('a', 1)], undefined, req('y'));
    expect(await settled(other as Promise<RouteTarget>)).toBe('pending');
    expect(seen.some((s) => s.outcome === 'rejected' && s.model === 'x')).toBe(true);
    cap.released('a');
    await queued;
  });

  it('with no queue (length 0) refuses at once when full', async () => {
    const { cap } = setup({ maxLength: 0 });
    cap.admit([target('a', 1)]);
    await expect(cap.admit([target('a', 1)], undefined, req()) as Promise<RouteTarget>).rejects.toMatchObject({ code: 'queue_full' });
  });

  it('gives up with 503 queue_timeout after the wait, or the per-request wait', async () => {
    const { cap, clock, seen } = setup({ maxWaitMs: 1000 });
    cap.admit([target('a', 1)]);
    const long = cap.admit([target('a', 1)], undefined, req()) as Promise<RouteTarget>;
    const short = cap.admit([target('a', 1)], undefined, req('m', 200)) as Promise<RouteTarget>;
    clock.advance(199);
    expect(await settled(short)).toBe('pending');
    clock.advance(1);
    await expect(short).rejects.toMatchObject({ code: 'queue_timeout', status: 503 });
    clock.advance(799);
    expect(await settled(long)).toBe('pending');
    clock.advance(1);
    await expect(long).rejects.toMatchObject({ code: 'queue_timeout', status: 503 });
    expect(cap.modelQueueDepth('m')).toBe(0);
    expect(clock.pending()).toBe(0);
    expect(seen.filter((s) => s.outcome === 'timeout').map((s) => s.waitedMs)).toEqual([200, 1000]);
    await expect(cap.admit([target('a', 1)], undefined, req('m', 0)) as Promise<RouteTarget>).rejects.toMatchObject({ code: 'queue_timeout' });
  });

  it('lets a client that disconnects leave the queue at once, without taking a slot', async () => {
    const { cap, clock } = setup();
    cap.admit([target('a', 1)]);
    const ac = new AbortController();
    const gone = cap.admit([target('a', 1)], ac.signal, req()) as Promise<RouteTarget>;
    const next = cap.admit([target('a', 1)], undefined, req()) as Promise<RouteTarget>;
    ac.abort();
    await expect(gone).rejects.toMatchObject({ status: 499 });
    expect(cap.modelQueueDepth('m')).toBe(1);
    expect(clock.pending()).toBe(1);
    cap.released('a');
    expect((await next).endpoint.id).toBe('a');
    expect(cap.inFlight('a')).toBe(1);
    const already = new AbortController();
    already.abort();
    await expect(cap.admit([target('a', 1)], already.signal, req()) as Promise<RouteTarget>).rejects.toMatchObject({ status: 499 });
  });

  it('keeps the first ticket of a failover retry: ahead of later arrivals, never refused for a full queue', async () => {
    const { cap } = setup({ maxLength: 1 });
    const ab = [target('a', 1), target('b', 1)];
    const retrying = req();
    expect(id(cap.admit(ab, undefined, retrying))).toBe('a');
    expect(id(cap.admit(ab, undefined, req()))).toBe('b');
    const later = cap.admit(ab, undefined, req()) as Promise<RouteTarget>;
    // The first attempt failed on `a`: its slot goes to the waiter, and the retry (without `a`) waits.
    cap.released('a');
    expect((await later).endpoint.id).toBe('a');
    const newcomer = cap.admit([target('b', 1)], undefined, req()) as Promise<RouteTarget>;
    const retry = cap.admit([target('b', 1)], undefined, retrying) as Promise<RouteTarget>;
    expect(cap.modelQueueDepth('m')).toBe(2);
    cap.released('b');
    expect(await settled(retry)).toBe('ok');
    expect(await settled(newcomer)).toBe('pending');
    cap.released('b');
    expect((await newcomer).endpoint.id).toBe('b');
  });

  it('follows the registry: a raised limit wakes waiters, a vanished endpoint fails those left with nothing', async () => {
    const { cap } = setup();
    cap.admit([target('a', 1)]);
    const w1 = cap.admit([target('a', 1)], undefined, req()) as Promise<RouteTarget>;
    cap.onRegistryChange({ kind: 'updated', endpoint: endpoint('a', 2) });
    expect((await w1).endpoint.id).toBe('a');
    expect(cap.inFlight('a')).toBe(2);
    const w2 = cap.admit([target('a', 2)], undefined, req()) as Promise<RouteTarget>;
    const w3 = cap.admit([target('a', 2)], undefined, req('n')) as Promise<RouteTarget>;
    cap.onRegistryChange({ kind: 'updated', endpoint: { ...endpoint('a', 2), status: 'offline' } });
    await expect(w2).rejects.toMatchObject({ code: 'no_endpoint_available', status: 503 });
    await expect(w3).rejects.toMatchObject({ code: 'no_endpoint_available' });
    cap.onRegistryChange({ kind: 'deleted', endpoint: endpoint('a', 2) });
    expect(cap.limit('a')).toBeNull();
  });

  it('refuses everyone waiting when closed', async () => {
    const { cap } = setup();
    cap.admit([target('a', 1)]);
    const w = cap.admit([target('a', 1)], undefined, req()) as Promise<RouteTarget>;
    cap.close();
    await expect(w).rejects.toMatchObject({ code: 'no_endpoint_available' });
  });

  it('plugs into the balancer: leases wait for a release, releases hand the slot on', async () => {
    const { cap } = setup();
    const b = new Balancer(new EndpointStats(), { admission: cap });
    const ts = [target('a', 1)];
    const first = await b.acquire(ts, undefined, undefined, req());
    const second = b.acquire(ts, undefined, undefined, req());
    expect(second).toBeInstanceOf(Promise);
    expect(await settled(second as Promise<unknown>)).toBe('pending');
    first!.release({ kind: 'success', latencyMs: 5 });
    first!.release({ kind: 'success', latencyMs: 5 }); // a second release is ignored
    const lease = await second;
    expect(lease?.target.endpoint.id).toBe('a');
    expect(cap.inFlight('a')).toBe(1);
    expect(b.stats.inFlight('a')).toBe(1);
    lease!.release({ kind: 'neutral' });
    expect(cap.inFlight('a')).toBe(0);
  });
});
