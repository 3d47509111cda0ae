/**
 * Capacity-aware admission: a request goes to the best candidate (the balancer's order) that has a
 * free slot; when every candidate is full it waits in its model's queue, first come first served,
 * until a release frees a slot it may use, its wait runs out (503) or the client leaves. A full queue
 * answers 429 at once. A failover retry keeps the ticket of its first attempt, so it waits ahead of
 * requests that arrived after it and is never refused for a full queue (it was already let in).
 */
import type { Admission, AdmitRequest } from '../balancer/balancer.js';
import type { RouteTarget } from '../balancer/types.js';
import type { RegistryChange } from '../registry/endpoints.js';
import { AppError } from '../util/errors.js';
import type { Clock } from '../util/time.js';
import { concurrencyLimit, UNLIMITED } from './limits.js';
import { WaitLine, type Waiter } from './queue.js';
import { firstWithRoom, SlotTable } from './slots.js';

/** Queue bounds; read for every request, so a reconfigure applies at once. */
export interface QueueLimits {
  /** Most requests waiting per model (0: never wait, refuse at once). */
  readonly maxLength: number;
  /** Longest wait in ms unless the request sets its own. */
  readonly maxWaitMs: number;
}

/** How an admission ended: let in (after `waitedMs`), or refused and why. */
export type WaitOutcome = 'admitted' | 'rejected' | 'timeout' | 'aborted' | 'gone';

/** What the admission needs. */
export interface CapacityOptions {
  readonly clock: Clock;
  readonly queue: () => QueueLimits;
  /** Told how every wait in the queue ended, and about refusals (0 ms); not called on the free-slot fast path. */
  readonly observe?: (model: string, waitedMs: number, outcome: WaitOutcome) => void;
}

interface Pending extends Waiter<RouteTarget> {
  readonly since: number;
  readonly resolve: (t: RouteTarget) => void;
  readonly reject: (e: AppError) => void;
  readonly signal: AbortSignal | undefined;
  timer: unknown;
  onAbort: (() => void) | null;
}

const WAIT_ALPHA = 0.2;

/** The balancer's admission seam with per-endpoint slots and per-model queues; also the `/v0/stats` capacity view. */
export class CapacityAdmission implements Admission {
  readonly #o: CapacityOptions;
  readonly #slots = new SlotTable();
  readonly #line = new WaitLine<Pending>();
  readonly #limits = new Map<string, number>();
  /** EWMA of the wait of admitted waiters per model (ms), for `Retry-After`. */
  readonly #avgWait = new Map<string, number>();
  readonly #avgWaitByEndpoint = new Map<string, number>();
  readonly #held = (id: string): number => this.#slots.held(id);
  readonly #limit = (id: string): number => this.#limits.get(id) ?? UNLIMITED;
  readonly #pick = (c: readonly RouteTarget[]): RouteTarget | null => firstWithRoom(c, this.#held, this.#limit);
  #seq = 0;
  #closed = false;

  constructor(opts: CapacityOptions) {
    this.#o = opts;
  }

  admit(ordered: readonly RouteTarget[], signal?: AbortSignal, request?: AdmitRequest): RouteTarget | Promise<RouteTarget> | null {
    if (ordered.length === 0) return null;
    // Registry changes keep known limits current; an endpoint seen for the first time is read here.
    for (const t of ordered) if (!this.#limits.has(t.endpoint.id)) this.#limits.set(t.endpoint.id, concurrencyLimit(t.endpoint));
    const model = request?.model ?? ordered[0]!.upstreamModel;
    const retry = request?.ticket !== undefined;
    const seq = request?.ticket ?? ++this.#seq;
    if (request && !retry) request.ticket = seq;
    const free = this.#pick(ordered);
    if (free) {
      this.#slots.take(free.endpoint.id);
      return free;
    }
    return this.#enqueue(ordered, model, seq, retry, signal, request?.maxWaitMs);
  }

  released(endpointId: string): void {
    if (this.#slots.give(endpointId)) this.#drain(endpointId);
  }

  /** Requests admitted to an endpoint and not yet released. */
  inFlight(endpointId: string): number {
    return this.#slots.held(endpointId);
  }

  /** Requests waiting that could go to an endpoint. */
  queueDepth(endpointId: string): number {
    return this.#line.countFor(endpointId);
  }

  /** Smoothed queue wait (ms) of requests that had to wait before this endpoint took them; null if none did. */
  avgWaitMs(endpointId: string): number | null {
    const v = this.#avgWaitByEndpoint.get(endpointId);
    return v === undefined ? null : Math.round(v);
  }

  /** Requests waiting for a model. */
  modelQueueDepth(model: string): number {
    return this.#line.depth(model);
  }

  /** Queue lengths by model. */
  queueDepths(): IterableIterator<[string, number]> {
    return this.#line.depths();
  }

  /** The limit in force for an endpoint seen by the gateway (null: unlimited or never seen). */
  limit(endpointId: string): number | null {
    const n = this.#limits.get(endpointId);
    return n !== undefined && Number.isFinite(n) ? n : null;
  }

  /**
   * Follows the registry: a new limit applies at once (waiters are woken if it grew), and an endpoint
   * that is deleted or not online stops being a candidate of those waiting (left with none, they get 503).
   */
  onRegistryChange(c: RegistryChange): void {
    const id = c.endpoint.id;
    if (c.kind === 'deleted') {
      this.#limits.delete(id);
      this.#drop(id);
      return;
    }
    if (c.kind === 'models') return;
    this.#limits.set(id, concurrencyLimit(c.endpoint));
    if (c.endpoint.status === 'online') this.#drain();
    else this.#drop(id);
  }

  /** Refuses every waiter and every later request that would have to wait (the app is stopping). */
  close(): void {
    this.#closed = true;
    for (const w of this.#line.all()) this.#fail(w, 'gone', new AppError('no_endpoint_available', 'llmlb is shutting down', { retryAfter: 5 }));
  }

  #enqueue(
    ordered: readonly RouteTarget[],
    model: string,
    seq: number,
    retry: boolean,
    signal: AbortSignal | undefined,
    maxWaitMs: number | undefined,
  ): Promise<RouteTarget> {
    const limits = this.#o.queue();
    const wait = maxWaitMs ?? limits.maxWaitMs;
    let refusal: AppError | null = null;
    let outcome: WaitOutcome = 'rejected';
    if (signal?.aborted) [refusal, outcome] = [clientGone(), 'aborted'];
    else if (this.#closed) [refusal, outcome] = [new AppError('no_endpoint_available', 'llmlb is shutting down', { retryAfter: 5 }), 'gone'];
    else if (!retry && this.#line.depth(model) >= limits.maxLength) {
      const why = limits.maxLength === 0 ? 'every endpoint is at its concurrency limit' : `${limits.maxLength} requests are already waiting`;
      refusal = new AppError('queue_full', `No room for '${model}': ${why}; retry later`, { retryAfter: this.#retryAfter(model) });
    } else if (wait <= 0) [refusal, outcome] = [this.#timeoutError(model, 0), 'timeout'];
    if (refusal) {
      this.#o.observe?.(model, 0, outcome);
      return Promise.reject(refusal);
    }
    return new Promise<RouteTarget>((resolve, reject) => {
      const w: Pending = { seq, model, candidates: ordered, since: this.#o.clock.now(), resolve, reject, signal, timer: null, onAbort: null };
      w.timer = this.#o.clock.setTimeout(() => this.#fail(w, 'timeout', this.#timeoutError(model, wait)), wait);
      if (signal) {
        w.onAbort = () => this.#fail(w, 'aborted', clientGone());
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.#line.add(w);
    });
  }

  /** Serves waiters while slots allow: after a release, only those that may use `endpointId`. */
  #drain(endpointId?: string): void {
    while (this.#line.size > 0) {
      const next = this.#line.next(this.#pick, endpointId);
      if (!next) return;
      this.#settle(next.waiter);
      if (next.waiter.signal?.aborted) {
        this.#o.observe?.(next.waiter.model, this.#o.clock.now() - next.waiter.since, 'aborted');
        next.waiter.reject(clientGone());
        continue;
      }
      this.#slots.take(next.target.endpoint.id);
      const waited = this.#o.clock.now() - next.waiter.since;
      const avg = this.#avgWait.get(next.waiter.model);
      this.#avgWait.set(next.waiter.model, avg === undefined ? waited : avg + WAIT_ALPHA * (waited - avg));
      const id = next.target.endpoint.id;
      const epAvg = this.#avgWaitByEndpoint.get(id);
      this.#avgWaitByEndpoint.set(id, epAvg === undefined ? waited : epAvg + WAIT_ALPHA * (waited - epAvg));
      this.#o.observe?.(next.waiter.model, waited, 'admitted');
      next.waiter.resolve(next.target);
    }
  }

  /** Takes an endpoint away from the waiters; those left with no candidate get 503. */
  #drop(endpointId: string): void {
    for (const w of this.#line.all()) {
      if (!w.candidates.some((t) => t.endpoint.id === endpointId)) continue;
      w.candidates = w.candidates.filter((t) => t.endpoint.id !== endpointId);
      if (w.candidates.length === 0) {
        this.#fail(w, 'gone', new AppError('no_endpoint_available', `No endpoint serving '${w.model}' is online`, { retryAfter: 5 }));
      }
    }
  }

  #fail(w: Pending, outcome: WaitOutcome, error: AppError): void {
    if (!this.#settle(w)) return;
    this.#o.observe?.(w.model, this.#o.clock.now() - w.since, outcome);
    w.reject(error);
  }

  /** Takes a waiter out of the line and detaches its timer and abort listener; false if it already left. */
  #settle(w: Pending): boolean {
    if (!this.#line.remove(w)) return false;
    this.#o.clock.clearTimeout(w.timer);
    if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort);
    return true;
  }

  #timeoutError(model: string, waitMs: number): AppError {
    const secs = Math.round(waitMs / 100) / 10;
    return new AppError('queue_timeout', `No endpoint serving '${model}' had a free slot within ${secs} s`, { retryAfter: this.#retryAfter(model) });
  }

  /** Seconds a refused client should wait: the recent typical queue wait of the model, 1–30 s. */
  #retryAfter(model: string): number {
    const avg = this.#avgWait.get(model) ?? 0;
    return Math.min(30, Math.max(1, Math.ceil(avg / 1000)));
  }
}

/** The client left while its request waited (logged as 499; nobody reads the answer). */
function clientGone(): AppError {
  return new AppError('queue_timeout', 'client closed the request while it was queued', { status: 499 });
}
