/**
 * The model lists of the Ollama surface, built from the routing snapshot and what sync stored:
 * `/api/tags` (every model with an online endpoint, once) and the registry's view of `/api/ps`.
 */
import type { RouteTarget } from '../../balancer/types.js';
import type { EndpointRecord, ModelRecord } from '../../registry/endpoints.js';
import type { ModelEntry, RoutingSnapshot } from '../routing.js';
import type { Json } from './common.js';
import { detailsOf, digestOf, sizeOf } from './details.js';

/** Reads the models sync stored for an endpoint. */
export type ModelsOf = (endpointId: string) => readonly ModelRecord[];

/** A target and its model record (if sync stored one). */
export interface Described {
  readonly target: RouteTarget;
  readonly record: ModelRecord | undefined;
}

/** The best-described online target of an entry: an Ollama endpoint first (real details), else the first one. */
export function describe(entry: ModelEntry, modelsOf: ModelsOf): Described | null {
  const all = entry.targets.map((target) => ({ target, record: modelsOf(target.endpoint.id).find((m) => m.model_id === target.upstreamModel) }));
  return all.find((d) => d.target.endpoint.endpoint_type === 'ollama' && d.record) ?? all[0] ?? null;
}

function modifiedAt(ep: EndpointRecord, rec: ModelRecord | undefined): string {
  const at = Date.parse(rec?.last_checked ?? ep.registered_at);
  return new Date(Number.isFinite(at) ? at : 0).toISOString();
}

/** One `/api/tags` item. */
export function tagOf(name: string, d: Described): Json {
  const ep = d.target.endpoint;
  return {
    name,
    model: name,
    modified_at: modifiedAt(ep, d.record),
    size: sizeOf(d.record),
    digest: digestOf(name, d.record),
    details: detailsOf(name, ep.endpoint_type, d.record),
  };
}

/** `/api/tags`: every model with an online endpoint, deduplicated, sorted by name. */
export function tagsOf(snapshot: RoutingSnapshot, modelsOf: ModelsOf): { models: Json[] } {
  const models: Json[] = [];
  for (const entry of snapshot.online) {
    const d = describe(entry, modelsOf);
    if (d) models.push(tagOf(entry.name, d));
  }
  return { models };
}

/** Far enough ahead to read as "stays loaded" (what Ollama shows for `keep_alive: -1`). */
const NEVER_EXPIRES = '2318-01-01T00:00:00Z';

/**
 * Whether a non-Ollama endpoint has this model loaded: llama.cpp and vLLM serve only models they hold
 * in memory; LM Studio says so per model (`state`). xLLM and plain OpenAI-compatible servers do not
 * tell, so their models are not listed.
 */
export function isLoaded(type: EndpointRecord['endpoint_type'], rec: ModelRecord | undefined): boolean {
  switch (type) {
    case 'llama_cpp':
    case 'vllm':
      return true;
    case 'lm_studio':
      return rec?.details.state === 'loaded';
    default:
      return false;
  }
}

/** One `/api/ps` item for a model loaded on a non-Ollama endpoint. */
export function runningOf(name: string, d: Described): Json {
  const ctx = d.record?.max_tokens ?? d.record?.context_length ?? null;
  const size = sizeOf(d.record);
  return { ...tagOf(name, d), expires_at: NEVER_EXPIRES, size_vram: size, ...(ctx !== null ? { context_length: ctx } : {}) };
}

/** The registry's part of `/api/ps`: models loaded on online non-Ollama endpoints. */
export function registryRunning(snapshot: RoutingSnapshot, modelsOf: ModelsOf): Json[] {
  const out: Json[] = [];
  for (const entry of snapshot.online) {
    for (const target of entry.targets) {
      const type = target.endpoint.endpoint_type;
      if (type === 'ollama') continue;
      const record = modelsOf(target.endpoint.id).find((m) => m.model_id === target.upstreamModel);
      if (!isLoaded(type, record)) continue;
      out.push(runningOf(entry.name, { target, record }));
      break;
    }
  }
  return out;
}
