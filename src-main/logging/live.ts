/** Live log lines for the UI: entries at `info` and above, batched into `log` events on the bus. */
import type { LlmlbEvent, LogEntryDTO } from '../admin/types.js';
import type { Clock } from '../util/time.js';
import { LEVEL_VALUE } from './levels.js';

/** Batching limits: a log storm reaches clients as at most `maxPerBatch` entries per `intervalMs`. */
export interface LivePublishOptions {
  readonly intervalMs?: number;
  readonly maxPerBatch?: number;
}

/** Collects entries and publishes them in throttled batches, only while someone listens. */
export class LiveLogPublisher {
  readonly #intervalMs: number;
  readonly #max: number;
  #batch: LogEntryDTO[] = [];
  #dropped = 0;
  #timer: unknown = null;

  constructor(
    private readonly publish: (e: LlmlbEvent) => void,
    private readonly listening: () => boolean,
    private readonly clock: Clock,
    opts: LivePublishOptions = {},
  ) {
    this.#intervalMs = opts.intervalMs ?? 250;
    this.#max = opts.maxPerBatch ?? 100;
  }

  /** Offers one entry (its numeric level); below `info` or with no listener it is ignored. */
  offer(entry: LogEntryDTO, level: number): void {
    if (level < LEVEL_VALUE.info || !this.listening()) return;
    if (this.#batch.length < this.#max) this.#batch.push(entry);
    else this.#dropped++;
    this.#timer ??= this.clock.setTimeout(() => this.flush(), this.#intervalMs);
  }

  /** Publishes what is collected now. */
  flush(): void {
    if (this.#timer !== null) this.clock.clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#batch.length === 0 && this.#dropped === 0) return;
    const event: LlmlbEvent = { type: 'log', entries: this.#batch, dropped: this.#dropped };
    this.#batch = [];
    this.#dropped = 0;
    this.publish(event);
  }

  /** Drops what is pending and stops the timer. */
  stop(): void {
    if (this.#timer !== null) this.clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#batch = [];
    this.#dropped = 0;
  }
}
