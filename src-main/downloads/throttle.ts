/** Runs a function at most once per interval, with a trailing run so the latest state always goes out. */
import type { Clock } from '../util/time.js';

/** A leading + trailing throttle on an injected clock. */
export class Throttle {
  #lastRun = Number.NEGATIVE_INFINITY;
  #timer: unknown = null;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly fn: () => void,
  ) {}

  /** Asks for a run: now when the interval has passed, else once at the end of it. */
  poke(): void {
    if (this.#timer !== null) return;
    const wait = this.#lastRun + this.intervalMs - this.clock.now();
    if (wait <= 0) {
      this.#run();
      return;
    }
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = null;
      this.#run();
    }, wait);
  }

  /** Runs now and drops any pending trailing run. */
  flush(): void {
    this.cancel();
    this.#run();
  }

  /** Drops a pending trailing run. */
  cancel(): void {
    if (this.#timer !== null) this.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #run(): void {
    this.#lastRun = this.clock.now();
    this.fn();
  }
}
