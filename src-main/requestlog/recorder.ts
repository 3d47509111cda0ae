/** The request recorder: rows buffered in memory and written in batches, never on the request path. */
import type { RequestLogDTO } from '../admin/types.js';
import type { RequestRecord, RequestRecorder } from '../app-services.js';
import type { EventBus } from '../events/bus.js';
import { iso, type Clock } from '../util/time.js';
import { type RequestLogStore, toRow } from './store.js';
import { errorFields, type Logger } from '../logging/logger.js';

/** Tuning of the request log. */
export interface RequestLogOptions {
  /** Longest a row waits in memory (default 1 s). */
  readonly flushIntervalMs?: number;
  /** Rows that trigger a flush right away (default 200). */
  readonly batchSize?: number;
  /** How long rows are kept (default 7 days). */
  readonly retentionMs?: number;
  /** How often old rows are deleted (default hourly). */
  readonly pruneIntervalMs?: number;
  /** Rows kept in memory while the database refuses writes; the oldest go first (default 10,000). */
  readonly maxPending?: number;
}

/** Counters for tests and metrics. */
export interface RequestLogCounters {
  readonly flushes: number;
  readonly rowsWritten: number;
  readonly dropped: number;
  readonly pending: number;
}

/** Buffers request records and writes them in batches; also fans each record out to in-memory sinks. */
export class RequestLog implements RequestRecorder {
  readonly #o: Required<RequestLogOptions>;
  /** Records not yet written; their ids run from `#firstPendingId` up (rows become DTOs only when read). */
  #pending: RequestRecord[] = [];
  #firstPendingId: number;
  #nextId: number;
  #flushTimer: unknown = null;
  #pruneTimer: unknown = null;
  #running = false;
  #flushes = 0;
  #written = 0;
  #dropped = 0;
  #failing = false;
  readonly #sinks = new Set<(r: RequestRecord) => void>();

  constructor(
    private readonly store: RequestLogStore,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly logger: Logger,
    opts: RequestLogOptions = {},
  ) {
    this.#o = {
      flushIntervalMs: opts.flushIntervalMs ?? 1_000,
      batchSize: opts.batchSize ?? 200,
      retentionMs: opts.retentionMs ?? 7 * 24 * 3_600_000,
      pruneIntervalMs: opts.pruneIntervalMs ?? 3_600_000,
      maxPending: opts.maxPending ?? 10_000,
    };
    this.#nextId = store.nextId();
    this.#firstPendingId = this.#nextId;
  }

  /** Adds a listener called with every record (statistics, metrics); returns an unsubscribe. */
  onRecord(sink: (r: RequestRecord) => void): () => void {
    this.#sinks.add(sink);
    return () => this.#sinks.delete(sink);
  }

  /** Records one request: O(1), no I/O. */
  record(r: RequestRecord): void {
    const id = this.#nextId++;
    this.#pending.push(r);
    if (this.#pending.length > this.#o.maxPending) {
      this.#pending.shift();
      this.#firstPendingId++;
      this.#dropped++;
    }
    for (const s of this.#sinks) {
      try {
        s(r);
      } catch {
        // a sink's failure must not reach the request
      }
    }
    if (this.events.size() > 0) this.events.publish({ type: 'request.logged', request: toRow(id, r) });
    if (this.#pending.length >= this.#o.batchSize) this.#schedule(0);
    else if (this.#flushTimer === null) this.#schedule(this.#o.flushIntervalMs);
  }

  /** Newest rows first, unflushed ones included. */
  recent(limit: number): RequestLogDTO[] {
    const fresh = this.#pendingRows(() => true, limit);
    if (fresh.length >= limit) return fresh;
    return [...fresh, ...this.store.recent(limit - fresh.length)];
  }

  /** Newest rows of one request id first (a failed-over request has one row; a client may reuse ids). */
  byRequestId(requestId: string, limit: number): RequestLogDTO[] {
    const fresh = this.#pendingRows((r) => r.requestId === requestId, limit);
    if (fresh.length >= limit) return fresh;
    return [...fresh, ...this.store.byRequestId(requestId, limit - fresh.length)];
  }

  /** Writes every pending row in one transaction; returns how many were written. */
  flush(): number {
    if (this.#flushTimer !== null) {
      this.clock.clearTimeout(this.#flushTimer);
      this.#flushTimer = null;
    }
    if (this.#pending.length === 0) return 0;
    const rows = this.#pending;
    try {
      this.store.insertMany(this.#firstPendingId, rows);
    } catch (e) {
      if (!this.#failing) this.logger.error(errorFields(e), 'request log: write failed, will retry');
      this.#failing = true;
      this.#schedule(this.#o.flushIntervalMs);
      return 0;
    }
    this.#failing = false;
    this.#pending = [];
    this.#firstPendingId += rows.length;
    this.#flushes++;
    this.#written += rows.length;
    return rows.length;
  }

  /** Deletes rows older than the retention; returns how many. */
  prune(): number {
    return this.store.prune(iso(this.clock.now() - this.#o.retentionMs));
  }

  /** Counters (flushes, rows written, rows dropped, rows pending). */
  counters(): RequestLogCounters {
    return { flushes: this.#flushes, rowsWritten: this.#written, dropped: this.#dropped, pending: this.#pending.length };
  }

  /** Starts the retention timer (flushes are scheduled by `record`). */
  start(): void {
    this.#running = true;
    this.#runPrune();
  }

  /** Stops timers and writes what is pending. */
  stop(): void {
    this.#running = false;
    if (this.#pruneTimer !== null) this.clock.clearTimeout(this.#pruneTimer);
    this.#pruneTimer = null;
    this.flush();
  }

  /** Unwritten rows that match, newest first, at most `limit`. */
  #pendingRows(match: (r: RequestRecord) => boolean, limit: number): RequestLogDTO[] {
    const out: RequestLogDTO[] = [];
    for (let i = this.#pending.length - 1; i >= 0 && out.length < limit; i--) {
      const r = this.#pending[i]!;
      if (match(r)) out.push(toRow(this.#firstPendingId + i, r));
    }
    return out;
  }

  #schedule(ms: number): void {
    if (this.#flushTimer !== null) {
      if (ms > 0) return;
      this.clock.clearTimeout(this.#flushTimer);
    }
    this.#flushTimer = this.clock.setTimeout(() => {
      this.#flushTimer = null;
      this.flush();
    }, ms);
  }

  #runPrune(): void {
    try {
      this.prune();
    } catch (e) {
      this.logger.error(errorFields(e), 'request log: prune failed');
    }
    if (this.#running) this.#pruneTimer = this.clock.setTimeout(() => this.#runPrune(), this.#o.pruneIntervalMs);
  }
}
