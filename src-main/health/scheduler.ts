/**
 * Health check scheduler: one timer per endpoint on its own interval, a global cap on concurrent
 * checks, and a bounded stop. Time comes from an injected Clock so tests drive it by hand.
 */
import type { Clock } from '../util/time.js';
import { errorFields, type Logger } from '../logging/logger.js';

/** Default number of checks allowed to run at the same time. */
export const DEFAULT_CHECK_CONCURRENCY = 8;

/** What the scheduler needs from the rest of the app. */
export interface SchedulerDeps {
  readonly clock: Clock;
  /** Seconds between checks of an endpoint; undefined when the endpoint is gone. */
  intervalSecs(id: string): number | undefined;
  /** Runs one check; the scheduler never runs two for the same endpoint at once. */
  check(id: string): Promise<void>;
  readonly concurrency?: number;
  /** The `health` component logger. */
  readonly logger?: Logger;
}

/** Plans and runs checks. */
export class HealthScheduler {
  readonly #deps: SchedulerDeps;
  readonly #cap: number;
  readonly #timers = new Map<string, unknown>();
  readonly #queue: string[] = [];
  readonly #running = new Map<string, Promise<void>>();
  #stopped = false;

  constructor(deps: SchedulerDeps) {
    this.#deps = deps;
    this.#cap = Math.max(1, deps.concurrency ?? DEFAULT_CHECK_CONCURRENCY);
  }

  /** Checks every endpoint now (through the cap); each is re-planned on its interval when done. */
  startAll(ids: Iterable<string>): void {
    this.#stopped = false;
    for (const id of ids) this.runNow(id);
  }

  /** Queues a check now unless one is already queued or running; its timer is replaced by the run. */
  runNow(id: string): void {
    if (this.#stopped || this.#queue.includes(id) || this.#running.has(id)) return;
    this.#clearTimer(id);
    this.#queue.push(id);
    this.#pump();
  }

  /** (Re)plans the next check of an endpoint one interval from now; a running check re-plans itself when done. */
  plan(id: string): void {
    if (this.#stopped || this.#running.has(id) || this.#queue.includes(id)) return;
    const secs = this.#deps.intervalSecs(id);
    this.#clearTimer(id);
    if (secs === undefined) return;
    const handle = this.#deps.clock.setTimeout(() => {
      this.#timers.delete(id);
      this.runNow(id);
    }, secs * 1000);
    this.#timers.set(id, handle);
  }

  /** Forgets an endpoint: no timer, not queued (a running check finishes and is not re-planned). */
  remove(id: string): void {
    this.#clearTimer(id);
    const i = this.#queue.indexOf(id);
    if (i !== -1) this.#queue.splice(i, 1);
  }

  /** Clears every timer and waits (at most `timeoutMs`) for running checks; nothing is left behind. */
  async stop(timeoutMs: number): Promise<void> {
    this.#stopped = true;
    for (const id of [...this.#timers.keys()]) this.#clearTimer(id);
    this.#queue.length = 0;
    if (this.#running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.#running.values()]), bound]);
    clearTimeout(timer);
  }

  /** Planned timers, for tests and metrics. */
  plannedCount(): number {
    return this.#timers.size;
  }

  /** Checks running now. */
  runningCount(): number {
    return this.#running.size;
  }

  #pump(): void {
    while (!this.#stopped && this.#running.size < this.#cap && this.#queue.length > 0) {
      const id = this.#queue.shift()!;
      const run = this.#deps
        .check(id)
        .catch((e: unknown) => this.#deps.logger?.error({ endpointId: id, ...errorFields(e) }, 'health check failed'))
        .finally(() => {
          this.#running.delete(id);
          this.plan(id);
          this.#pump();
        });
      this.#running.set(id, run);
    }
  }

  #clearTimer(id: string): void {
    const h = this.#timers.get(id);
    if (h === undefined) return;
    this.#deps.clock.clearTimeout(h);
    this.#timers.delete(id);
  }
}
