/** API keys (`llmlb_…`): only SHA-256 hashes are stored; roles admin, viewer, inference (SPEC §6). */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/open.js';
import type { ApiKeyDTO, CreatedApiKeyDTO, KeyRole } from '../admin/types.js';

/** Who a request authenticated as. */
export interface Principal {
  readonly keyId: string | null;
  readonly role: KeyRole;
}

/** SHA-256 hex of a key. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A fresh random key. */
export function generateKey(): string {
  return `llmlb_${randomBytes(24).toString('base64url')}`;
}

/** Role order for "at least" checks. */
const RANK: Readonly<Record<KeyRole, number>> = { inference: 0, viewer: 1, admin: 2 };

/** True when `role` may read the admin API (viewer and admin; inference keys never reach /v0). */
export function canReadAdmin(role: KeyRole): boolean {
  return RANK[role] >= RANK.viewer;
}

interface KeyRow {
  id: string;
  name: string;
  role: KeyRole;
  key_hash: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
}

/** Key store with an in-memory hash index, so authentication never queries SQLite. */
export class KeyStore {
  readonly #byHash = new Map<string, KeyRow>();
  readonly #insert;
  readonly #delete;
  readonly #touch;
  readonly #envHash: Buffer | null;
  readonly #pendingTouches = new Map<string, string>();

  constructor(db: Db, adminKeyFromEnv: string | null) {
    this.#insert = db.prepare(
      'INSERT INTO api_keys (id, name, role, key_hash, prefix, created_at) VALUES (@id, @name, @role, @key_hash, @prefix, @created_at)',
    );
    this.#delete = db.prepare('DELETE FROM api_keys WHERE id = ?');
    this.#touch = db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?');
    for (const row of db.prepare<[], KeyRow>('SELECT * FROM api_keys ORDER BY created_at').all()) this.#byHash.set(row.key_hash, row);
    this.#envHash = adminKeyFromEnv ? Buffer.from(hashKey(adminKeyFromEnv), 'hex') : null;
  }

  /** Number of stored keys. */
  count(): number {
    return this.#byHash.size;
  }

  /** True when an admin key is stored. */
  hasAdminKey(): boolean {
    for (const k of this.#byHash.values()) if (k.role === 'admin') return true;
    return false;
  }

  /** Creates a key; the secret is returned only here. */
  create(name: string, role: KeyRole, now = new Date()): CreatedApiKeyDTO {
    const key = generateKey();
    const row: KeyRow = {
      id: randomUUID(),
      name,
      role,
      key_hash: hashKey(key),
      prefix: key.slice(0, 12),
      created_at: now.toISOString(),
      last_used_at: null,
    };
    this.#insert.run(row);
    this.#byHash.set(row.key_hash, row);
    return { id: row.id, name, role, key };
  }

  /** Deletes a key; false when there is none. */
  revoke(id: string): boolean {
    for (const [hash, row] of this.#byHash) {
      if (row.id === id) {
        this.#delete.run(id);
        this.#byHash.delete(hash);
        return true;
      }
    }
    return false;
  }

  /** Keys without secrets. */
  list(): ApiKeyDTO[] {
    return [...this.#byHash.values()].map((r) => ({
      id: r.id,
      name: r.name,
      role: r.role,
      prefix: r.prefix,
      created_at: r.created_at,
      last_used_at: this.#pendingTouches.get(r.id) ?? r.last_used_at,
    }));
  }

  /** Resolves a presented key to its principal, or null. */
  authenticate(presented: string): Principal | null {
    const hash = hashKey(presented);
    if (this.#envHash) {
      const h = Buffer.from(hash, 'hex');
      if (h.length === this.#envHash.length && timingSafeEqual(h, this.#envHash)) return { keyId: null, role: 'admin' };
    }
    const row = this.#byHash.get(hash);
    if (!row) return null;
    this.#pendingTouches.set(row.id, new Date().toISOString());
    return { keyId: row.id, role: row.role };
  }

  /** Writes batched `last_used_at` updates (called on a timer, off the request path). */
  flushTouches(): void {
    for (const [id, at] of this.#pendingTouches) this.#touch.run(at, id);
    for (const row of this.#byHash.values()) {
      const at = this.#pendingTouches.get(row.id);
      if (at) row.last_used_at = at;
    }
    this.#pendingTouches.clear();
  }
}
