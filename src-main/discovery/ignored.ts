/** Local servers the user deleted or dismissed; discovery never offers or re-adds them (kept in SQLite). */
import type { Db } from '../db/open.js';
import { loopbackKey, normalizeBaseUrl } from '../registry/url.js';

/** Why a server is ignored. */
export type IgnoreReason = 'deleted' | 'dismissed';

/** One remembered server. */
export interface IgnoredServer {
  readonly base_url: string;
  readonly reason: IgnoreReason;
  readonly at: string;
}

/** The canonical form a URL is remembered under, so `localhost` and `127.0.0.1` spellings match. */
export function discoveryKey(baseUrl: string): string {
  return loopbackKey(normalizeBaseUrl(baseUrl));
}

/** The `discovery_ignored` table. */
export class IgnoredStore {
  readonly #has;
  readonly #put;
  readonly #all;

  constructor(db: Db) {
    this.#has = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM discovery_ignored WHERE base_url = ?');
    this.#put = db.prepare<[string, string, string]>(
      `INSERT INTO discovery_ignored (base_url, reason, at) VALUES (?, ?, ?)
       ON CONFLICT(base_url) DO UPDATE SET reason = excluded.reason, at = excluded.at`,
    );
    this.#all = db.prepare<[], IgnoredServer>('SELECT base_url, reason, at FROM discovery_ignored ORDER BY at');
  }

  /** True when `baseUrl` (any loopback spelling) is remembered. */
  has(baseUrl: string): boolean {
    return this.#has.get(discoveryKey(baseUrl)) !== undefined;
  }

  /** Remembers `baseUrl`. */
  add(baseUrl: string, reason: IgnoreReason, at: Date = new Date()): void {
    this.#put.run(discoveryKey(baseUrl), reason, at.toISOString());
  }

  /** Every remembered server, oldest first. */
  list(): IgnoredServer[] {
    return this.#all.all();
  }
}
