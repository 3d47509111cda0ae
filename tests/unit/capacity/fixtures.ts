/** Route targets over minimal endpoint records, for the capacity unit tests. */
import type { EndpointType } from '../../../src-main/admin/types.js';
import type { RouteTarget } from '../../../src-main/balancer/types.js';
import type { EndpointRecord } from '../../../src-main/registry/endpoints.js';

/** An online endpoint record with a concurrency override (null: none). */
export function endpoint(id: string, max: number | null = null, type: EndpointType = 'openai_compatible', learned: number | null = null): EndpointRecord {
  return {
    id,
    name: id,
    base_url: `http://127.0.0.1/${id}`,
    endpoint_type: type,
    endpoint_type_source: 'detected',
    status: 'online',
    api_key_enc: null,
    health_check_interval_secs: 30,
    inference_timeout_secs: 120,
    max_concurrency: max,
    learned_concurrency: learned,
    latency_ms: null,
    last_seen: null,
    last_error: null,
    error_count: 0,
    registered_at: '2026-01-01T00:00:00.000Z',
    notes: null,
    source: 'manual',
    version: null,
    last_synced_at: null,
  };
}

/** A target on an endpoint with `max` slots, serving model `m`. */
export const target = (id: string, max: number | null = null, model = 'm'): RouteTarget => ({ endpoint: endpoint(id, max), upstreamModel: model });
