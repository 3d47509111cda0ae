/** Slot accounting (requests this gateway holds per endpoint) and the pure choice of a free candidate. */

/** Requests held per endpoint id; an endpoint without an entry holds none. */
export class SlotTable {
  readonly #held = new Map<string, number>();

  /** Requests held on an endpoint. */
  held(endpointId: string): number {
    return this.#held.get(endpointId) ?? 0;
  }

  /** True while an endpoint holds fewer than `limit` requests. */
  hasRoom(endpointId: string, limit: number): boolean {
    return this.held(endpointId) < limit;
  }

  /** Claims one slot (the caller checked `hasRoom`). */
  take(endpointId: string): void {
    this.#held.set(endpointId, this.held(endpointId) + 1);
  }

  /** Frees one slot; false (and no change) when the endpoint held none. */
  give(endpointId: string): boolean {
    const n = this.held(endpointId);
    if (n === 0) return false;
    if (n === 1) this.#held.delete(endpointId);
    else this.#held.set(endpointId, n - 1);
    return true;
  }

  /** Every endpoint holding at least one request, with its count. */
  entries(): IterableIterator<[string, number]> {
    return this.#held.entries();
  }
}

/** Anything that names an endpoint (a route target). */
export interface HasEndpoint {
  readonly endpoint: { readonly id: string };
}

/**
 * The first candidate, in the balancer's order (best first), whose endpoint has a free slot; null when
 * all are full. Pure: `held` and `limit` are read, never changed.
 */
export function firstWithRoom<T extends HasEndpoint>(
  ordered: readonly T[],
  held: (endpointId: string) => number,
  limit: (endpointId: string) => number,
): T | null {
  for (const t of ordered) if (held(t.endpoint.id) < limit(t.endpoint.id)) return t;
  return null;
}
