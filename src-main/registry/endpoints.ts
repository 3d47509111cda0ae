/**
 * Endpoint registry: SQLite is the source of truth, with a write-through in-memory copy so the
 * request path never touches the database.
 */
import type { Db } from '../db/open.js';
import type {
  Capability,
  EndpointDetailDTO,
  EndpointDTO,
  EndpointModelDTO,
  EndpointSource,
  EndpointStatus,
  EndpointType,
  EndpointTypeSource,
} from '../admin/types.js';
import { limitForDisplay } from '../capacity/limits.js';
import type { SecretBox } from './secrets.js';

/** An endpoint as stored (the api key stays encrypted here). */
export interface EndpointRecord {
  readonly id: string;
  readonly name: string;
  readonly base_url: string;
  readonly endpoint_type: EndpointType;
  readonly endpoint_type_source: EndpointTypeSource;
  readonly status: EndpointStatus;
  readonly api_key_enc: string | null;
  readonly health_check_interval_secs: number;
  readonly inference_timeout_secs: number;
  readonly max_concurrency: number | null;
  readonly learned_concurrency: number | null;
  readonly latency_ms: number | null;
  readonly last_seen: string | null;
  readonly last_error: string | null;
  readonly error_count: number;
  readonly registered_at: string;
  readonly notes: string | null;
  readonly source: EndpointSource;
  readonly version: string | null;
  readonly last_synced_at: string | null;
}

/** One model of one endpoint, as stored. */
export interface ModelRecord {
  readonly endpoint_id: string;
  readonly model_id: string;
  readonly capabilities: readonly Capability[];
  readonly max_tokens: number | null;
  readonly context_length: number | null;
  readonly metadata_source: string | null;
  readonly details: Readonly<Record<string, unknown>>;
  readonly last_checked: string | null;
}

/** Fields that may be patched on an endpoint. */
export type EndpointPatch = Partial<Omit<EndpointRecord, 'id' | 'registered_at'>>;

/** What changed, for listeners (routing snapshot, events). */
export type RegistryChange =
  | { readonly kind: 'created' | 'updated'; readonly endpoint: EndpointRecord; readonly previous?: EndpointRecord }
  | { readonly kind: 'deleted'; readonly endpoint: EndpointRecord }
  | { readonly kind: 'models'; readonly endpoint: EndpointRecord };

const COLUMNS = [
  'id', 'name', 'base_url', 'endpoint_type', 'endpoint_type_source', 'status', 'api_key_enc',
  'health_check_interval_secs', 'inference_timeout_secs', 'max_concurrency', 'learned_concurrency',
  'latency_ms', 'last_seen', 'last_error', 'error_count', 'registered_at', 'notes', 'source', 'version',
  'last_synced_at',
] as const;

interface ModelRow {
  endpoint_id: string;
  model_id: string;
  capabilities: string;
  max_tokens: number | null;
  context_length: number | null;
  metadata_source: string | null;
  details: string;
  last_checked: string | null;
}

/** Lower-cased, trimmed name used for case-insensitive uniqueness. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

/** The endpoint registry. */
export class EndpointRepository {
  readonly #db: Db;
  readonly #secrets: SecretBox;
  readonly #endpoints = new Map<string, EndpointRecord>();
  readonly #models = new Map<string, ModelRecord[]>();
  readonly #keys = new Map<string, string | null>();
  readonly #listeners = new Set<(c: RegistryChange) => void>();
  readonly #insert;
  readonly #delete;
  readonly #insertModel;
  readonly #deleteModels;

  constructor(db: Db, secrets: SecretBox) {
    this.#db = db;
    this.#secrets = secrets;
    this.#insert = db.prepare(
      `INSERT INTO endpoints (${COLUMNS.join(', ')}, name_key) VALUES (${COLUMNS.map((c) => '@' + c).join(', ')}, @name_key)`,
    );
    this.#delete = db.prepare('DELETE FROM endpoints WHERE id = ?');
    this.#insertModel = db.prepare(
      `INSERT INTO endpoint_models (endpoint_id, model_id, capabilities, max_tokens, context_length, metadata_source, details, last_checked)
       VALUES (@endpoint_id, @model_id, @capabilities, @max_tokens, @context_length, @metadata_source, @details, @last_checked)`,
    );
    this.#deleteModels = db.prepare('DELETE FROM endpoint_models WHERE endpoint_id = ?');
    for (const row of db.prepare<[], EndpointRecord>(`SELECT ${COLUMNS.join(', ')} FROM endpoints ORDER BY registered_at`).all()) {
      this.#endpoints.set(row.id, row);
    }
    for (const row of db.prepare<[], ModelRow>('SELECT * FROM endpoint_models ORDER BY model_id').all()) {
      const list = this.#models.get(row.endpoint_id) ?? [];
      list.push(toModel(row));
      this.#models.set(row.endpoint_id, list);
    }
  }

  /** Subscribes to changes; returns an unsubscribe. */
  onChange(listener: (c: RegistryChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Every endpoint, in registration order. */
  all(): EndpointRecord[] {
    return [...this.#endpoints.values()];
  }

  /** One endpoint or undefined. */
  get(id: string): EndpointRecord | undefined {
    return this.#endpoints.get(id);
  }

  /** The endpoint with this normalised URL, if any. */
  findByUrl(baseUrl: string): EndpointRecord | undefined {
    for (const e of this.#endpoints.values()) if (e.base_url === baseUrl) return e;
    return undefined;
  }

  /** The endpoint with this name (case-insensitive), if any. */
  findByName(name: string): EndpointRecord | undefined {
    const key = nameKey(name);
    for (const e of this.#endpoints.values()) if (nameKey(e.name) === key) return e;
    return undefined;
  }

  /** Models of one endpoint. */
  models(id: string): readonly ModelRecord[] {
    return this.#models.get(id) ?? [];
  }

  /** The decrypted upstream API key of an endpoint, or null. */
  apiKey(id: string): string | null {
    if (this.#keys.has(id)) return this.#keys.get(id) ?? null;
    const enc = this.#endpoints.get(id)?.api_key_enc ?? null;
    let key: string | null = null;
    if (enc) {
      try {
        key = this.#secrets.decrypt(enc);
      } catch {
        key = null;
      }
    }
    this.#keys.set(id, key);
    return key;
  }

  /** Encrypts an API key for storage. */
  encryptKey(plain: string | null): string | null {
    return plain === null ? null : this.#secrets.encrypt(plain);
  }

  /** Inserts a new endpoint (caller has checked uniqueness; the DB enforces it too). */
  insert(rec: EndpointRecord): EndpointRecord {
    this.#insert.run({ ...rec, name_key: nameKey(rec.name) });
    this.#endpoints.set(rec.id, rec);
    this.#keys.delete(rec.id);
    this.#emit({ kind: 'created', endpoint: rec });
    return rec;
  }

  /** Applies a patch; returns the new record (undefined when the endpoint is gone). */
  update(id: string, patch: EndpointPatch): EndpointRecord | undefined {
    const prev = this.#endpoints.get(id);
    if (!prev) return undefined;
    const keys = Object.keys(patch).filter((k) => (COLUMNS as readonly string[]).includes(k) && k !== 'id');
    if (keys.length === 0) return prev;
    const next = { ...prev, ...patch } as EndpointRecord;
    const sets = keys.map((k) => `${k} = @${k}`);
    const params: Record<string, unknown> = { id };
    for (const k of keys) params[k] = (next as unknown as Record<string, unknown>)[k];
    if (keys.includes('name')) {
      sets.push('name_key = @name_key');
      params.name_key = nameKey(next.name);
    }
    // The statement text depends on which columns are patched: prepare each shape once and reuse it.
    this.#stmt(`UPDATE endpoints SET ${sets.join(', ')} WHERE id = @id`).run(params);
    this.#endpoints.set(id, next);
    if (keys.includes('api_key_enc')) this.#keys.delete(id);
    this.#emit({ kind: 'updated', endpoint: next, previous: prev });
    return next;
  }

  /** Deletes an endpoint and (by cascade) its models, checks and tasks. */
  delete(id: string): boolean {
    const prev = this.#endpoints.get(id);
    if (!prev) return false;
    this.#delete.run(id);
    this.#endpoints.delete(id);
    this.#models.delete(id);
    this.#keys.delete(id);
    this.#emit({ kind: 'deleted', endpoint: prev });
    return true;
  }

  /** Replaces the model list of an endpoint in one transaction. */
  replaceModels(id: string, models: readonly Omit<ModelRecord, 'endpoint_id'>[]): void {
    const ep = this.#endpoints.get(id);
    if (!ep) return;
    const rows = models.map((m) => ({ ...m, endpoint_id: id }));
    this.#db.transaction(() => {
      this.#deleteModels.run(id);
      for (const m of rows) {
        this.#insertModel.run({ ...m, capabilities: JSON.stringify(m.capabilities), details: JSON.stringify(m.details) });
      }
    })();
    this.#models.set(id, rows.sort((a, b) => a.model_id.localeCompare(b.model_id)));
    this.#emit({ kind: 'models', endpoint: ep });
  }

  /** The list DTO of an endpoint. */
  toDTO(rec: EndpointRecord): EndpointDTO {
    return {
      id: rec.id,
      name: rec.name,
      base_url: rec.base_url,
      endpoint_type: rec.endpoint_type,
      endpoint_type_source: rec.endpoint_type_source,
      status: rec.status,
      api_key_set: rec.api_key_enc !== null,
      health_check_interval_secs: rec.health_check_interval_secs,
      inference_timeout_secs: rec.inference_timeout_secs,
      max_concurrency: limitForDisplay(rec),
      latency_ms: rec.latency_ms,
      last_seen: rec.last_seen,
      last_error: rec.last_error,
      error_count: rec.error_count,
      registered_at: rec.registered_at,
      notes: rec.notes,
      source: rec.source,
      version: rec.version,
      model_count: this.models(rec.id).length,
    };
  }

  /** The detail DTO of an endpoint. */
  toDetailDTO(rec: EndpointRecord): EndpointDetailDTO {
    return { ...this.toDTO(rec), models: this.models(rec.id).map(modelDTO) };
  }

  readonly #stmts = new Map<string, ReturnType<Db['prepare']>>();
  #stmt(sql: string): ReturnType<Db['prepare']> {
    let s = this.#stmts.get(sql);
    if (!s) {
      s = this.#db.prepare(sql);
      this.#stmts.set(sql, s);
    }
    return s;
  }

  #emit(c: RegistryChange): void {
    for (const l of this.#listeners) {
      try {
        l(c);
      } catch {
        // a listener's failure must not break a registry write
      }
    }
  }
}

/** The wire DTO of a model record. */
export function modelDTO(m: ModelRecord): EndpointModelDTO {
  return {
    model_id: m.model_id,
    capabilities: m.capabilities,
    max_tokens: m.max_tokens,
    context_length: m.context_length,
    last_checked: m.last_checked,
  };
}

function toModel(row: ModelRow): ModelRecord {
  return {
    endpoint_id: row.endpoint_id,
    model_id: row.model_id,
    capabilities: safeJson(row.capabilities, []),
    max_tokens: row.max_tokens,
    context_length: row.context_length,
    metadata_source: row.metadata_source,
    details: safeJson(row.details, {}),
    last_checked: row.last_checked,
  };
}

function safeJson<T>(s: string, fallback: T): T {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}
