/** The balancer: orders a model's candidates with a named strategy and hands out leases (in-flight slots). */
import type { EndpointStats } from './stats.js';
import { strategyByName } from './strategies.js';
import type { AttemptOutcome, Lease, RouteTarget, Strategy } from './types.js';

/**
 * Admission seam for per-endpoint capacity: given the candidates best-first, return the one to use now,
 * wait (a queue) until one has room, or return null when none may be used. The default admits the
 * first. A capacity feature implements this with `max_concurrency`/`learned_concurrency` and is told
 * about every release so it can wake waiters.
 */
export interface Admission {
  admit(ordered: readonly RouteTarget[], signal?: AbortSignal, request?: AdmitRequest): RouteTarget | null | Promise<RouteTarget | null>;
  released?(endpointId: string): void;
}

/**
 * What admission may know about the request being placed. The forwarder passes one object per client
 * request and the same object on its failover attempts, so a retry can keep its place in a queue.
 */
export interface AdmitRequest {
  /** The model the client asked for (queues are per model). */
  readonly model: string;
  /** How long this request may wait for a free slot, in ms (a client's override of the default). */
  readonly maxWaitMs?: number;
  /** Written by the admission on the first attempt (its place in line); callers leave it unset. */
  ticket?: number;
}

/** Admits the best candidate at once (no capacity limits). */
export const admitFirst: Admission = { admit: (ordered) => ordered[0] ?? null };

/** Options of the balancer. */
export interface BalancerOptions {
  /** Strategy name (see STRATEGIES) or a strategy function. */
  readonly strategy?: string | Strategy;
  readonly admission?: Admission;
}

/** Orders candidates and tracks in-flight requests per endpoint. */
export class Balancer {
  readonly #stats: EndpointStats;
  readonly #strategy: Strategy;
  readonly #admission: Admission;
  #tick = 0;

  constructor(stats: EndpointStats, opts: BalancerOptions = {}) {
    this.#stats = stats;
    this.#strategy = typeof opts.strategy === 'function' ? opts.strategy : strategyByName(opts.strategy);
    this.#admission = opts.admission ?? admitFirst;
  }

  /** The statistics the balancer reads (shared with whoever reports outcomes). */
  get stats(): EndpointStats {
    return this.#stats;
  }

  /** Candidates best-first, without those whose endpoint id is in `exclude` (already tried). */
  order(targets: readonly RouteTarget[], exclude?: ReadonlySet<string>): RouteTarget[] {
    const usable = exclude && exclude.size > 0 ? targets.filter((t) => !exclude.has(t.endpoint.id)) : targets;
    if (usable.length <= 1) return [...usable];
    const views = usable.map((t, i) => this.#stats.view(t.endpoint, i));
    return this.#strategy(views, this.#tick++).map((i) => usable[i]!);
  }

  /**
   * Picks a target among `targets` (minus `exclude`) and claims an in-flight slot on it; null if none.
   * A promise only when admission has to wait (a capacity queue): the common case costs no await.
   */
  acquire(targets: readonly RouteTarget[], exclude?: ReadonlySet<string>, signal?: AbortSignal, request?: AdmitRequest): Lease | null | Promise<Lease | null> {
    const ordered = this.order(targets, exclude);
    if (ordered.length === 0) return null;
    const admitted = this.#admission.admit(ordered, signal, request);
    if (admitted instanceof Promise) return admitted.then((target) => (target ? this.lease(target) : null));
    return admitted ? this.lease(admitted) : null;
  }

  /** Claims an in-flight slot on a known target (no admission check). */
  lease(target: RouteTarget): Lease {
    const id = target.endpoint.id;
    this.#stats.begin(id);
    let done = false;
    return {
      target,
      release: (outcome: AttemptOutcome) => {
        if (done) return;
        done = true;
        this.#stats.end(id, outcome);
        this.#admission.released?.(id);
      },
    };
  }
}
