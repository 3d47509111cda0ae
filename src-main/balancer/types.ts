/** Balancer vocabulary: route targets, the per-endpoint load view strategies score, and leases. */
import type { EndpointRecord } from '../registry/endpoints.js';

/**
 * One place a request for a model can go: an endpoint plus the model name *that endpoint* knows.
 * Without aliases `upstreamModel` equals the requested name; with aliases one requested name maps
 * to several (endpoint, upstreamModel) pairs, which is why candidates are pairs and not endpoints.
 */
export interface RouteTarget {
  readonly endpoint: EndpointRecord;
  readonly upstreamModel: string;
  /** Tokens this endpoint accepts for this model (runtime window, else architecture maximum), when known. */
  readonly contextWindow?: number;
}

/** What a strategy sees of one candidate: its load numbers, never the endpoint record itself. */
export interface CandidateView {
  /** Index into the candidate list the strategy was given. */
  readonly index: number;
  readonly endpointId: string;
  /** Expected latency in ms (EWMA of observed latency, seeded from health `latency_ms`). */
  readonly latencyMs: number;
  /** False while `latencyMs` is only a seed (health probe latency or a default), not measured traffic. */
  readonly observed: boolean;
  /** Requests this gateway has in flight to the endpoint right now. */
  readonly inFlight: number;
  /** True for a short while after a failed attempt: ranked after every healthy candidate. */
  readonly coolingDown: boolean;
}

/**
 * A pure ordering function: returns candidate indexes, best first (every index exactly once, so the
 * tail is the failover order). `tick` is a counter the caller increments per pick, for round-robin.
 */
export type Strategy = (candidates: readonly CandidateView[], tick: number) => number[];

/** How an attempt ended, fed back into the endpoint's statistics. */
export type AttemptOutcome =
  | { readonly kind: 'success'; readonly latencyMs: number }
  | { readonly kind: 'failure' }
  /** The client went away or the upstream answered 4xx: says nothing about the endpoint's speed. */
  | { readonly kind: 'neutral' };

/** A claimed slot on one target; `release` must be called exactly once (extra calls are ignored). */
export interface Lease {
  readonly target: RouteTarget;
  release(outcome: AttemptOutcome): void;
}
