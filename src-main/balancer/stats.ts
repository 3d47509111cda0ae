/** Per-endpoint load statistics the strategies read: in-flight counts, latency EWMA, failure cool-down. */
import type { EndpointRecord } from '../registry/endpoints.js';
import type { AttemptOutcome, CandidateView } from './types.js';

/** Tuning of the statistics. */
export interface StatsOptions {
  /** Weight of a new observation in the EWMA (0–1). */
  readonly alpha?: number;
  /** Latency assumed for an endpoint with neither observations nor a health latency. */
  readonly defaultLatencyMs?: number;
  /** How long a failed endpoint ranks last (passive health usually takes it offline sooner). */
  readonly cooldownMs?: number;
  /**
   * An idle endpoint whose last observation is older than this falls back to its seed, so one slow
   * request long ago cannot starve it of traffic (and of new observations) forever.
   */
  readonly staleMs?: number;
  readonly now?: () => number;
}

interface Entry {
  inFlight: number;
  ewma: number | null;
  observedAt: number;
  failedAt: number;
}

/** Mutable statistics, one entry per endpoint id; read by the balancer through `view()`. */
export class EndpointStats {
  readonly #entries = new Map<string, Entry>();
  readonly #alpha: number;
  readonly #default: number;
  readonly #cooldown: number;
  readonly #stale: number;
  readonly #now: () => number;

  constructor(opts: StatsOptions = {}) {
    this.#alpha = opts.alpha ?? 0.3;
    this.#default = opts.defaultLatencyMs ?? 100;
    this.#cooldown = opts.cooldownMs ?? 3_000;
    this.#stale = opts.staleMs ?? 60_000;
    this.#now = opts.now ?? Date.now;
  }

  /** The strategy's view of one candidate. */
  view(endpoint: EndpointRecord, index: number): CandidateView {
    const e = this.#entries.get(endpoint.id);
    const now = this.#now();
    return {
      index,
      endpointId: endpoint.id,
      latencyMs: this.#latency(e, endpoint, now),
      observed: this.#observed(e, now),
      inFlight: e?.inFlight ?? 0,
      coolingDown: e !== undefined && e.failedAt > 0 && now - e.failedAt < this.#cooldown,
    };
  }

  /** Counts a request as started. */
  begin(endpointId: string): void {
    this.#entry(endpointId).inFlight++;
  }

  /** Counts a request as ended and learns from its outcome. */
  end(endpointId: string, outcome: AttemptOutcome): void {
    const e = this.#entry(endpointId);
    e.inFlight = Math.max(0, e.inFlight - 1);
    this.record(endpointId, outcome);
  }

  /** Learns from an outcome without touching the in-flight count. */
  record(endpointId: string, outcome: AttemptOutcome): void {
    const e = this.#entry(endpointId);
    const now = this.#now();
    switch (outcome.kind) {
      case 'success':
        e.ewma = e.ewma === null ? outcome.latencyMs : e.ewma + this.#alpha * (outcome.latencyMs - e.ewma);
        e.observedAt = now;
        e.failedAt = 0;
        break;
      case 'failure':
        e.failedAt = now;
        break;
      case 'neutral':
        break;
    }
  }

  /** Requests in flight to an endpoint. */
  inFlight(endpointId: string): number {
    return this.#entries.get(endpointId)?.inFlight ?? 0;
  }

  /** The current latency estimate of an endpoint (what `view` reports). */
  latency(endpoint: EndpointRecord): number {
    return this.#latency(this.#entries.get(endpoint.id), endpoint, this.#now());
  }

  /** Drops what was learnt about an endpoint (deleted, or its URL changed). In-flight counts survive. */
  forget(endpointId: string): void {
    const e = this.#entries.get(endpointId);
    if (!e) return;
    if (e.inFlight === 0) this.#entries.delete(endpointId);
    else Object.assign(e, { ewma: null, observedAt: 0, failedAt: 0 });
  }

  #observed(e: Entry | undefined, now: number): e is Entry & { ewma: number } {
    if (!e || e.ewma === null) return false;
    return e.inFlight > 0 || now - e.observedAt <= this.#stale;
  }

  #latency(e: Entry | undefined, endpoint: EndpointRecord, now: number): number {
    return this.#observed(e, now) ? e.ewma : (endpoint.latency_ms ?? this.#default);
  }

  #entry(id: string): Entry {
    let e = this.#entries.get(id);
    if (!e) {
      e = { inFlight: 0, ewma: null, observedAt: 0, failedAt: 0 };
      this.#entries.set(id, e);
    }
    return e;
  }
}
