/** Stored health checks (`endpoint_health_checks`): one row per check, read back for charts, pruned by age. */
import type { EndpointStatus, HealthCheckDTO } from '../admin/types.js';
import type { Db } from '../db/open.js';

/** How long checks are kept (SPEC §4). */
export const HISTORY_RETENTION_MS = 30 * 24 * 3600 * 1000;

/** Rows returned when the caller gives no limit. */
export const DEFAULT_HISTORY_LIMIT = 500;

/** One check to store. */
export interface CheckRow {
  readonly checked_at: string;
  readonly success: boolean;
  readonly latency_ms: number | null;
  readonly status_after: EndpointStatus;
  readonly error: string | null;
}

interface Row {
  checked_at: string;
  success: number;
  latency_ms: number | null;
  status_after: EndpointStatus;
  error: string | null;
}

/** The health check history repository; statements prepared once. */
export class HealthHistory {
  readonly #insert;
  readonly #list;
  readonly #prune;

  constructor(db: Db) {
    this.#insert = db.prepare(
      `INSERT INTO endpoint_health_checks (endpoint_id, checked_at, success, latency_ms, status_after, error)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    // The newest N rows, handed back oldest first (charts draw left to right).
    this.#list = db.prepare<[string, string, number], Row>(
      `SELECT checked_at, success, latency_ms, status_after, error FROM (
         SELECT id, checked_at, success, latency_ms, status_after, error FROM endpoint_health_checks
         WHERE endpoint_id = ? AND checked_at >= ? ORDER BY checked_at DESC, id DESC LIMIT ?
       ) ORDER BY checked_at, id`,
    );
    this.#prune = db.prepare<[string]>('DELETE FROM endpoint_health_checks WHERE checked_at < ?');
  }

  /** Stores one check. */
  record(endpointId: string, c: CheckRow): void {
    this.#insert.run(endpointId, c.checked_at, c.success ? 1 : 0, c.latency_ms, c.status_after, c.error);
  }

  /** Checks of an endpoint since `since` (any RFC 3339 form), the newest `limit`, ascending by time. */
  list(endpointId: string, query: { since?: string; limit?: number } = {}): HealthCheckDTO[] {
    // Stored stamps are toISOString() output, so compare against the same canonical form.
    const since = query.since ? new Date(query.since).toISOString() : '';
    return this.#list.all(endpointId, since, query.limit ?? DEFAULT_HISTORY_LIMIT).map((r) => ({
      checked_at: r.checked_at,
      success: r.success === 1,
      latency_ms: r.latency_ms,
      status_after: r.status_after,
      error: r.error,
    }));
  }

  /** Deletes rows older than the retention window before `nowMs`; returns how many went. */
  prune(nowMs: number): number {
    return this.#prune.run(new Date(nowMs - HISTORY_RETENTION_MS).toISOString()).changes;
  }
}
