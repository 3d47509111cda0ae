/** Smoothed transfer rate and time left (EWMA over samples at least `minIntervalMs` apart). Pure. */

/** The current estimate; null until two samples far enough apart were seen. */
export interface RateEstimate {
  /** Units per second (bytes when the caller feeds bytes). */
  readonly perSecond: number | null;
  readonly etaSeconds: number | null;
}

/** An EWMA rate estimator. A sample below the previous one (a restarted transfer) only moves the baseline. */
export class RateEstimator {
  #last: { t: number; done: number } | null = null;
  #ewma: number | null = null;
  #estimate: RateEstimate = { perSecond: null, etaSeconds: null };

  constructor(
    private readonly alpha = 0.3,
    private readonly minIntervalMs = 200,
  ) {}

  /** Adds a sample taken at `nowMs`; `total` may be null when unknown. */
  sample(nowMs: number, done: number, total: number | null): RateEstimate {
    const last = this.#last;
    if (last === null || done < last.done) {
      this.#last = { t: nowMs, done };
      return this.#estimate;
    }
    const dt = nowMs - last.t;
    if (dt < this.minIntervalMs) return this.#estimate;
    const instant = ((done - last.done) * 1000) / dt;
    this.#ewma = this.#ewma === null ? instant : this.alpha * instant + (1 - this.alpha) * this.#ewma;
    this.#last = { t: nowMs, done };
    const eta = total !== null && this.#ewma > 0 ? Math.max(0, total - done) / this.#ewma : null;
    this.#estimate = { perSecond: this.#ewma, etaSeconds: eta };
    return this.#estimate;
  }
}
