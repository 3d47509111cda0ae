/** A rolling time window: a ring of time buckets, each with counts and a bounded latency reservoir. */

interface Bucket {
  epoch: number;
  count: number;
  errors: number;
  latency: number[];
  latencySeen: number;
  ttft: number[];
  ttftSeen: number;
}

/** What a window holds right now. */
export interface WindowSnapshot {
  readonly requests: number;
  readonly errors: number;
  readonly latency: number[];
  readonly ttft: number[];
}

/** Shape of a window: its span split into buckets, each keeping at most `samples` latencies. */
export interface WindowSpec {
  readonly spanMs: number;
  readonly buckets: number;
  readonly samples: number;
}

/** Rolling counts and latency samples over the last `spanMs` (bucket granularity). */
export class RollingWindow {
  readonly #width: number;
  readonly #ring: (Bucket | undefined)[];

  constructor(
    private readonly spec: WindowSpec,
    private readonly random: () => number = Math.random,
  ) {
    this.#width = spec.spanMs / spec.buckets;
    this.#ring = new Array<Bucket | undefined>(spec.buckets);
  }

  /** Adds one request that happened at `at` (epoch ms); ignored when older than the ring holds. */
  add(at: number, latencyMs: number, ttftMs: number | null, failed: boolean): void {
    const epoch = Math.floor(at / this.#width);
    const slot = epoch % this.spec.buckets;
    let b = this.#ring[slot];
    if (!b || b.epoch < epoch) {
      b = { epoch, count: 0, errors: 0, latency: [], latencySeen: 0, ttft: [], ttftSeen: 0 };
      this.#ring[slot] = b;
    } else if (b.epoch > epoch) {
      return;
    }
    b.count++;
    if (failed) b.errors++;
    b.latencySeen = this.#sample(b.latency, b.latencySeen, latencyMs);
    if (ttftMs !== null) b.ttftSeen = this.#sample(b.ttft, b.ttftSeen, ttftMs);
  }

  /** Reservoir sampling (algorithm R): every value seen has the same chance to be kept. */
  #sample(list: number[], seen: number, v: number): number {
    if (list.length < this.spec.samples) list.push(v);
    else {
      const j = Math.floor(this.random() * (seen + 1));
      if (j < this.spec.samples) list[j] = v;
    }
    return seen + 1;
  }

  /** Counts and samples of the buckets inside the window ending at `now`. */
  snapshot(now: number): WindowSnapshot {
    const current = Math.floor(now / this.#width);
    let requests = 0;
    let errors = 0;
    const latency: number[] = [];
    const ttft: number[] = [];
    for (const b of this.#ring) {
      if (!b || b.epoch <= current - this.spec.buckets || b.epoch > current) continue;
      requests += b.count;
      errors += b.errors;
      latency.push(...b.latency);
      ttft.push(...b.ttft);
    }
    return { requests, errors, latency, ttft };
  }

  /** True when nothing inside the window ending at `now` remains (the key can be dropped). */
  idle(now: number): boolean {
    const current = Math.floor(now / this.#width);
    return this.#ring.every((b) => !b || b.epoch <= current - this.spec.buckets);
  }
}
