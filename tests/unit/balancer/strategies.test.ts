import { describe, expect, it } from 'vitest';
import { leastInFlight, leastLatency, roundRobin, score, strategyByName, STRATEGIES } from '../../../src-main/balancer/strategies.js';
import type { CandidateView } from '../../../src-main/balancer/types.js';

const view = (index: number, latencyMs: number, inFlight = 0, coolingDown = false, observed = true): CandidateView => ({
  index,
  endpointId: `e${index}`,
  latencyMs,
  observed,
  inFlight,
  coolingDown,
});

describe('leastLatency', () => {
  it('scores latency × (in-flight + 1)', () => {
    expect(score(view(0, 20, 0))).toBe(20);
    expect(score(view(0, 20, 3))).toBe(80);
  });

  it('picks the lowest expected latency and lists every candidate once (failover order)', () => {
    const order = leastLatency([view(0, 100), view(1, 10), view(2, 50)], 0);
    expect(order).toEqual([1, 2, 0]);
  });

  it('counts requests in flight, so one fast endpoint is not flooded', () => {
    // 10 ms with 9 in flight (100) loses to 50 ms idle.
    expect(leastLatency([view(0, 10, 9), view(1, 50, 0)], 0)[0]).toBe(1);
    expect(leastLatency([view(0, 10, 3), view(1, 50, 0)], 0)[0]).toBe(0);
  });

  it('breaks ties round-robin by tick, including near-ties within the tolerance', () => {
    const cands = [view(0, 10), view(1, 10.5), view(2, 40)];
    const firsts = [0, 1, 2, 3].map((t) => leastLatency(cands, t)[0]);
    expect(firsts).toEqual([0, 1, 0, 1]);
    expect(leastLatency(cands, 1)).toEqual([1, 0, 2]);
  });

  it('treats millisecond noise between fast servers as a tie', () => {
    expect([0, 1].map((t) => leastLatency([view(0, 2), view(1, 3.9)], t)[0])).toEqual([0, 1]);
  });

  it('explores an endpoint known only by its health-probe seed (as fast as the best measured one)', () => {
    // Measured 40 ms vs a probe seed of 80 ms: the probe says nothing about generation speed.
    expect([0, 1].map((t) => leastLatency([view(0, 40), view(1, 80, 0, false, false)], t)[0])).toEqual([0, 1]);
    // With no measurement anywhere, seeds decide (the 10× slow endpoint loses).
    expect(leastLatency([view(0, 20, 0, false, false), view(1, 200, 0, false, false)], 0)[0]).toBe(0);
    // One probing request at a time: with one in flight it is judged by its seed again.
    expect(leastLatency([view(0, 40, 1), view(1, 80, 1, false, false)], 0)[0]).toBe(0);
    expect(leastLatency([view(0, 40, 4), view(1, 80, 1, false, false)], 0)[0]).toBe(1);
  });

  it('ranks cooling-down candidates last whatever their score', () => {
    expect(leastLatency([view(0, 1, 0, true), view(1, 500, 4)], 0)).toEqual([1, 0]);
  });

  it('is pure: same input, same output; input untouched', () => {
    const cands = Object.freeze([view(0, 30), view(1, 20)]);
    expect(leastLatency(cands, 7)).toEqual(leastLatency(cands, 7));
    expect(cands.map((c) => c.index)).toEqual([0, 1]);
  });

  it('handles empty and single lists', () => {
    expect(leastLatency([], 3)).toEqual([]);
    expect(leastLatency([view(0, 5)], 3)).toEqual([0]);
  });
});

describe('other strategies', () => {
  it('roundRobin rotates by tick', () => {
    const cands = [view(0, 1), view(1, 100), view(2, 1000)];
    expect([0, 1, 2, 3].map((t) => roundRobin(cands, t)[0])).toEqual([0, 1, 2, 0]);
  });

  it('leastInFlight ignores latency', () => {
    expect(leastInFlight([view(0, 1, 2), view(1, 1000, 1)], 0)[0]).toBe(1);
  });

  it('are chosen by name, unknown names fall back to least-latency', () => {
    expect(strategyByName('round-robin')).toBe(STRATEGIES['round-robin']);
    expect(strategyByName('nope')).toBe(leastLatency);
    expect(strategyByName(undefined)).toBe(leastLatency);
    expect(strategyByName('toString')).toBe(leastLatency);
  });
});
