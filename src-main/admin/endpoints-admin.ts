/** Endpoint CRUD of the admin API: validation, uniqueness, encryption of keys, events. */
import { randomUUID } from 'node:crypto';
import type { EndpointDTO, EndpointDetailDTO, EndpointStatus, EndpointType } from './types.js';
import { ENDPOINT_STATUSES, ENDPOINT_TYPES } from './types.js';
import type { EndpointFilter } from './api.js';
import { AppError } from '../util/errors.js';
import { EndpointRepository, type EndpointPatch, type EndpointRecord } from '../registry/endpoints.js';
import { InvalidUrlError, normalizeBaseUrl } from '../registry/url.js';
import { createEndpointSchema, isUuid, parseInput, updateEndpointSchema } from '../registry/validation.js';

/** Hooks the endpoint lifecycle (detection, health, sync) provides; called after writes commit. */
export interface EndpointHooks {
  /** A new endpoint was registered: detect, check and sync it in the background. */
  created(id: string): void;
  /** The URL or key changed: re-detect and re-check in the background. */
  connectionChanged(id: string): void;
  /** The endpoint is gone: stop its timers, drop its pools. */
  deleted(id: string): void;
}

/** Extra fields a caller (discovery) may set on creation. */
export interface CreateOptions {
  readonly source?: 'manual' | 'discovered';
  readonly endpointType?: EndpointType;
}

/** Endpoint CRUD. */
export class EndpointsAdmin {
  constructor(
    private readonly repo: EndpointRepository,
    private readonly hooks: () => EndpointHooks,
    private readonly now: () => number = Date.now,
  ) {}

  /** Lists endpoints, filtered by type and status. */
  list(filter: EndpointFilter = {}): { endpoints: EndpointDTO[]; total: number } {
    if (filter.type !== undefined && !ENDPOINT_TYPES.includes(filter.type)) {
      throw new AppError('invalid_request', `unknown type filter: ${filter.type}`, { param: 'type' });
    }
    if (filter.status !== undefined && !ENDPOINT_STATUSES.includes(filter.status)) {
      throw new AppError('invalid_request', `unknown status filter: ${filter.status}`, { param: 'status' });
    }
    const endpoints = this.repo
      .all()
      .filter((e) => (filter.type ? e.endpoint_type === filter.type : true) && (filter.status ? e.status === filter.status : true))
      .map((e) => this.repo.toDTO(e));
    return { endpoints, total: endpoints.length };
  }

  /** One endpoint with its models; 404 when unknown. */
  get(id: string): EndpointDetailDTO {
    return this.repo.toDetailDTO(this.require(id));
  }

  /** The stored record; 404 when unknown. */
  require(id: string): EndpointRecord {
    const rec = isUuid(id) ? this.repo.get(id) : undefined;
    if (!rec) throw new AppError('not_found', `endpoint ${id} not found`);
    return rec;
  }

  /** Registers an endpoint (status pending); detection and the first check run after it returns. */
  create(input: unknown, opts: CreateOptions = {}): EndpointDTO {
    const body = parseInput(createEndpointSchema, input);
    const baseUrl = normalize(body.base_url);
    this.#assertUnique(baseUrl, body.name);
    const manualType = body.endpoint_type ?? opts.endpointType;
    const rec: EndpointRecord = {
      id: randomUUID(),
      name: body.name,
      base_url: baseUrl,
      endpoint_type: manualType ?? 'unknown',
      endpoint_type_source: body.endpoint_type ? 'manual' : 'detected',
      status: 'pending',
      api_key_enc: this.repo.encryptKey(body.api_key ?? null),
      health_check_interval_secs: body.health_check_interval_secs ?? 30,
      inference_timeout_secs: body.inference_timeout_secs ?? 120,
      max_concurrency: body.max_concurrency ?? null,
      learned_concurrency: null,
      latency_ms: null,
      last_seen: null,
      last_error: null,
      error_count: 0,
      registered_at: new Date(this.now()).toISOString(),
      notes: body.notes ?? null,
      source: opts.source ?? 'manual',
      version: null,
      last_synced_at: null,
    };
    try {
      this.repo.insert(rec);
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new AppError('conflict', 'an endpoint with this URL or name already exists');
      }
      throw e;
    }
    this.hooks().created(rec.id);
    return this.repo.toDTO(rec);
  }

  /** Partial update; a new URL or key re-detects; `api_key: null` clears the key. */
  update(id: string, input: unknown): EndpointDTO {
    const prev = this.require(id);
    const body = parseInput(updateEndpointSchema, input);
    const patch: { -readonly [K in keyof EndpointPatch]: EndpointPatch[K] } = {};
    if (body.name !== undefined) patch.name = body.name;
    if (body.base_url !== undefined) patch.base_url = normalize(body.base_url);
    this.#assertUnique(patch.base_url ?? null, patch.name ?? null, id);
    if (body.api_key !== undefined) patch.api_key_enc = this.repo.encryptKey(body.api_key);
    if (body.health_check_interval_secs !== undefined) patch.health_check_interval_secs = body.health_check_interval_secs;
    if (body.inference_timeout_secs !== undefined) patch.inference_timeout_secs = body.inference_timeout_secs;
    if (body.max_concurrency !== undefined) patch.max_concurrency = body.max_concurrency;
    if (body.notes !== undefined) patch.notes = body.notes;
    if (body.endpoint_type !== undefined) {
      patch.endpoint_type = body.endpoint_type;
      patch.endpoint_type_source = 'manual';
    }
    const urlChanged = patch.base_url !== undefined && patch.base_url !== prev.base_url;
    const keyChanged = body.api_key !== undefined;
    if (urlChanged) {
      patch.status = 'pending' satisfies EndpointStatus;
      patch.error_count = 0;
      patch.last_error = null;
      if (body.endpoint_type === undefined && prev.endpoint_type_source !== 'manual') patch.endpoint_type = 'unknown';
    }
    let next: EndpointRecord | undefined;
    try {
      next = this.repo.update(id, patch);
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new AppError('conflict', 'an endpoint with this URL or name already exists');
      }
      throw e;
    }
    if (!next) throw new AppError('not_found', `endpoint ${id} not found`);
    if (urlChanged || keyChanged) this.hooks().connectionChanged(id);
    return this.repo.toDTO(next);
  }

  /** Deletes an endpoint with its models, checks and tasks. */
  delete(id: string): EndpointRecord {
    const rec = this.require(id);
    this.repo.delete(id);
    this.hooks().deleted(id);
    return rec;
  }

  #assertUnique(baseUrl: string | null, name: string | null, selfId?: string): void {
    if (baseUrl !== null) {
      const other = this.repo.findByUrl(baseUrl);
      if (other && other.id !== selfId) throw new AppError('conflict', `endpoint "${other.name}" already uses ${baseUrl}`, { param: 'base_url' });
    }
    if (name !== null) {
      const other = this.repo.findByName(name);
      if (other && other.id !== selfId) throw new AppError('conflict', `an endpoint named "${other.name}" already exists`, { param: 'name' });
    }
  }
}

function normalize(url: string): string {
  try {
    return normalizeBaseUrl(url);
  } catch (e) {
    if (e instanceof InvalidUrlError) throw new AppError('invalid_request', e.message, { param: 'base_url' });
    throw e;
  }
}
