/** The waiting line: requests that found every candidate full, oldest first, counted per model. */
import type { HasEndpoint } from './slots.js';

/** One request waiting for a slot. */
export interface Waiter<T extends HasEndpoint = HasEndpoint> {
  /** Arrival ticket: lower came first. A failover retry keeps the ticket of its first attempt. */
  readonly seq: number;
  /** The queue it waits in (the model the client asked for). */
  readonly model: string;
  /** Where it may go, best first; shrinks when an endpoint stops being routable. */
  candidates: readonly T[];
}

/** Waiters ordered by ticket, with a length per model. */
export class WaitLine<W extends Waiter> {
  readonly #list: W[] = [];
  readonly #perModel = new Map<string, number>();

  /** Waiters in all queues. */
  get size(): number {
    return this.#list.length;
  }

  /** Waiters in one model's queue. */
  depth(model: string): number {
    return this.#perModel.get(model) ?? 0;
  }

  /** Queue lengths by model (models with nobody waiting are absent). */
  depths(): IterableIterator<[string, number]> {
    return this.#perModel.entries();
  }

  /** Waiters that could use an endpoint. */
  countFor(endpointId: string): number {
    let n = 0;
    for (const w of this.#list) if (w.candidates.some((t) => t.endpoint.id === endpointId)) n++;
    return n;
  }

  /** Adds a waiter in ticket order (behind everyone who came earlier, ahead of everyone later). */
  add(w: W): void {
    let lo = 0;
    let hi = this.#list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#list[mid]!.seq < w.seq) lo = mid + 1;
      else hi = mid;
    }
    this.#list.splice(lo, 0, w);
    this.#perModel.set(w.model, this.depth(w.model) + 1);
  }

  /** Removes a waiter; false when it was not in the line. */
  remove(w: W): boolean {
    const i = this.#list.indexOf(w);
    if (i === -1) return false;
    this.#list.splice(i, 1);
    const n = this.depth(w.model) - 1;
    if (n > 0) this.#perModel.set(w.model, n);
    else this.#perModel.delete(w.model);
    return true;
  }

  /** Oldest first (a copy, so callers may remove while iterating). */
  all(): readonly W[] {
    return [...this.#list];
  }

  /**
   * The oldest waiter that can be served now and where: with `endpointId`, only waiters that may use
   * that endpoint are considered (a release wakes those); `pick` chooses among a waiter's candidates.
   */
  next<T extends HasEndpoint>(pick: (candidates: W['candidates']) => T | null, endpointId?: string): { waiter: W; target: T } | null {
    for (const w of this.#list) {
      if (endpointId !== undefined && !w.candidates.some((t) => t.endpoint.id === endpointId)) continue;
      const target = pick(w.candidates);
      if (target) return { waiter: w, target };
    }
    return null;
  }
}
