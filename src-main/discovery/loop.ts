/** Runs discovery rounds: one now, then one every interval, never two at once; stops cleanly. */
import type { Clock } from '../util/time.js';
import { errorFields, type Logger } from '../logging/logger.js';

/** What the loop drives. */
export interface LoopOptions {
  readonly round: (signal: AbortSignal) => Promise<void>;
  readonly enabled: () => boolean;
  readonly intervalMs: () => number;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The discovery timer; `kick()` runs a round now (or right after the running one). */
export class DiscoveryLoop {
  #timer: unknown = null;
  #running: Promise<void> | null = null;
  #abort: AbortController | null = null;
  #again = false;
  #started = false;
  #stopped = false;

  constructor(private readonly o: LoopOptions) {}

  /** Starts probing when enabled (first round immediately). */
  start(): void {
    this.#started = true;
    this.kick();
  }

  /** Runs a round now; when one is running, runs another as soon as it ends. Does nothing while disabled. */
  kick(): void {
    if (!this.#started || this.#stopped) return;
    this.#clearTimer();
    if (!this.o.enabled()) {
      this.#abort?.abort();
      return;
    }
    if (this.#running) {
      this.#again = true;
      return;
    }
    const ac = new AbortController();
    this.#abort = ac;
    this.#running = this.o
      .round(ac.signal)
      .catch((e: unknown) => this.o.logger.warn(errorFields(e), 'discovery round failed'))
      .finally(() => this.#afterRound());
  }

  /** True while a round is running (for tests). */
  busy(): boolean {
    return this.#running !== null;
  }

  /** Clears the timer and waits for the running round, which is asked to abort. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#clearTimer();
    this.#abort?.abort();
    await this.#running;
  }

  #afterRound(): void {
    this.#running = null;
    this.#abort = null;
    const again = this.#again;
    this.#again = false;
    if (this.#stopped || !this.o.enabled()) return;
    if (again) {
      this.kick();
      return;
    }
    this.#timer = this.o.clock.setTimeout(() => {
      this.#timer = null;
      this.kick();
    }, this.o.intervalMs());
  }

  #clearTimer(): void {
    if (this.#timer !== null) this.o.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }
}
