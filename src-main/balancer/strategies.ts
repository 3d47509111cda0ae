/** Balancing strategies: small pure functions over candidate views, chosen by name. */
import type { CandidateView, Strategy } from './types.js';

/**
 * Scores within this fraction (plus TIE_FLOOR_MS) of the best count as ties. Latencies of identical
 * backends differ by noise (3.2 ms vs 3.5 ms); treating them as different would send all sequential
 * traffic to one of them and let the other's estimate go stale.
 */
export const TIE_TOLERANCE = 0.1;

/** Absolute slack of a tie, for the millisecond-scale noise of fast local servers. */
export const TIE_FLOOR_MS = 2;

/** Expected latency of one more request: EWMA × (in-flight + 1). */
export function score(c: CandidateView): number {
  return Math.max(c.latencyMs, 0.001) * (c.inFlight + 1);
}

/**
 * Optimism for the unmeasured: a candidate whose latency is only a seed (a health probe's, which is
 * not comparable with real request latency) is assumed as fast as the best measured one while it has
 * nothing in flight, so it gets one probing request and a real measurement instead of being judged by
 * a probe forever — and a slow one is not flooded during a burst before its first answer.
 */
function withExploration(cands: readonly CandidateView[]): readonly CandidateView[] {
  let best = Number.POSITIVE_INFINITY;
  for (const c of cands) if (c.observed && c.latencyMs < best) best = c.latencyMs;
  if (best === Number.POSITIVE_INFINITY || cands.every((c) => c.observed)) return cands;
  return cands.map((c) => (c.observed || c.inFlight > 0 || c.latencyMs <= best ? c : { ...c, latencyMs: best }));
}

/** Healthy candidates first, then those cooling down after a failure, each group by `key`. */
function rank(cands: readonly CandidateView[], key: (c: CandidateView) => number): CandidateView[] {
  return [...cands].sort((a, b) => Number(a.coolingDown) - Number(b.coolingDown) || key(a) - key(b) || a.index - b.index);
}

/** Rotates the leading run of `sorted` for which `same(first, x)` holds by `tick`. */
function rotateTies(sorted: CandidateView[], tick: number, same: (a: CandidateView, b: CandidateView) => boolean): number[] {
  const first = sorted[0];
  if (!first) return [];
  let n = 1;
  while (n < sorted.length && same(first, sorted[n]!)) n++;
  // Ties are rotated in candidate (registration) order, so round-robin is stable across picks.
  const ties = sorted.slice(0, n).sort((a, b) => a.index - b.index);
  const k = ((tick % n) + n) % n;
  return [...ties.slice(k), ...ties.slice(0, k), ...sorted.slice(n)].map((c) => c.index);
}

/** Lowest expected latency counting in-flight requests; unmeasured candidates explored; ties round-robin. */
export const leastLatency: Strategy = (cands, tick) => {
  const sorted = rank(withExploration(cands), score);
  return rotateTies(
    sorted,
    tick,
    (best, c) => best.coolingDown === c.coolingDown && score(c) <= score(best) * (1 + TIE_TOLERANCE) + TIE_FLOOR_MS,
  );
};

/** Fewest in-flight requests, ignoring latency; ties round-robin. */
export const leastInFlight: Strategy = (cands, tick) => {
  const sorted = rank(cands, (c) => c.inFlight);
  return rotateTies(sorted, tick, (best, c) => best.coolingDown === c.coolingDown && c.inFlight === best.inFlight);
};

/** Plain rotation (cooling-down candidates last). */
export const roundRobin: Strategy = (cands, tick) => {
  const sorted = rank(cands, () => 0);
  return rotateTies(sorted, tick, (best, c) => best.coolingDown === c.coolingDown);
};

/** Strategies by name. */
export const STRATEGIES = {
  'least-latency': leastLatency,
  'least-in-flight': leastInFlight,
  'round-robin': roundRobin,
} as const satisfies Record<string, Strategy>;

/** A strategy name. */
export type StrategyName = keyof typeof STRATEGIES;

/** The default strategy (SPEC §5). */
export const DEFAULT_STRATEGY: StrategyName = 'least-latency';

/** Looks a strategy up by name; unknown names fall back to the default rather than failing requests. */
export function strategyByName(name: string | undefined): Strategy {
  return (name && Object.hasOwn(STRATEGIES, name) ? STRATEGIES[name as StrategyName] : STRATEGIES[DEFAULT_STRATEGY]);
}
