import { describe, expect, it } from 'vitest';
import { buildSnapshot, RoutingTable, type RoutingSource } from '../../../src-main/gateway/routing.js';
import type { EndpointRecord, ModelRecord, RegistryChange } from '../../../src-main/registry/endpoints.js';
import { AppError } from '../../../src-main/util/errors.js';
import type { EndpointStatus } from '../../../src-main/admin/types.js';

function ep(id: string, status: EndpointStatus, interval = 30, registered = '2026-01-02T00:00:00.000Z'): EndpointRecord {
  return {
    id, name: id, base_url: `http://127.0.0.1/${id}`, endpoint_type: 'vllm', endpoint_type_source: 'detected', status,
    api_key_enc: null, health_check_interval_secs: interval, inference_timeout_secs: 120, max_concurrency: null,
    learned_concurrency: null, latency_ms: null, last_seen: null, last_error: null, error_count: 0,
    registered_at: registered, notes: null, source: 'manual', version: null, last_synced_at: null,
  };
}
const model = (id: string): Omit<ModelRecord, 'endpoint_id'> & { endpoint_id: string } => ({
  endpoint_id: '', model_id: id, capabilities: [], max_tokens: null, context_length: null, metadata_source: null, details: {}, last_checked: null,
});

/** A registry stand-in: endpoints and models in memory, changes emitted by hand, builds counted. */
function source() {
  const listeners = new Set<(c: RegistryChange) => void>();
  const src = {
    endpoints: [] as EndpointRecord[],
    store: new Map<string, ModelRecord[]>(),
    builds: 0,
    all() {
      src.builds++;
      return src.endpoints;
    },
    models: (id: string) => src.store.get(id) ?? [],
    onChange(l: (c: RegistryChange) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit() {
      for (const l of listeners) l({ kind: 'updated', endpoint: src.endpoints[0]! });
    },
  };
  return src satisfies RoutingSource;
}

describe('buildSnapshot', () => {
  const a = ep('a', 'online', 30, '2026-01-03T00:00:00.000Z');
  const b = ep('b', 'offline', 8, '2026-01-01T00:00:00.000Z');
  const c = ep('c', 'online');
  const models: Record<string, string[]> = { a: ['llama', 'org/m'], b: ['llama', 'only-offline'], c: ['llama'] };
  const snap = buildSnapshot([a, b, c], (id) => (models[id] ?? []).map((m) => ({ ...model(m), endpoint_id: id })));

  it('maps a model to its online endpoints only, as (endpoint, upstream model) pairs', () => {
    expect(snap.resolve('llama').map((t) => [t.endpoint.id, t.upstreamModel])).toEqual([['a', 'llama'], ['c', 'llama']]);
    expect(snap.lookup('llama')?.endpoints.map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });

  it('unknown model → 404 model_not_found; known but offline → 503 with Retry-After', () => {
    expect(() => snap.resolve('nope')).toThrowError(expect.objectContaining({ code: 'model_not_found', status: 404, param: 'model' }));
    try {
      snap.resolve('only-offline');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('no_endpoint_available');
      expect((e as AppError).retryAfter).toBe(8);
    }
  });

  it('lists online models deduplicated and sorted, created = oldest serving registration', () => {
    expect(snap.online.map((m) => m.name)).toEqual(['llama', 'org/m']);
    expect(snap.lookup('llama')!.created).toBe(Date.parse('2026-01-01T00:00:00.000Z') / 1000);
  });

  it('resolves aliases to other endpoint model names but never shadows a real model', () => {
    const s = buildSnapshot([a, c], (id) => (models[id] ?? []).map((m) => ({ ...model(m), endpoint_id: id })), 1, [
      { name: 'fast', targets: [{ endpointId: 'a', model: 'org/m' }, { endpointId: 'c', model: 'llama' }, { endpointId: 'gone', model: 'x' }] },
      { name: 'llama', targets: [{ endpointId: 'a', model: 'org/m' }] },
    ]);
    expect(s.resolve('fast').map((t) => `${t.endpoint.id}:${t.upstreamModel}`)).toEqual(['a:org/m', 'c:llama']);
    expect(s.lookup('fast')?.isAlias).toBe(true);
    expect(s.resolve('llama').map((t) => t.upstreamModel)).toEqual(['llama', 'llama']);
  });
});

describe('RoutingTable', () => {
  it('rebuilds once per burst of changes (microtask) and reads its own writes', async () => {
    const src = source();
    src.endpoints = [ep('a', 'offline')];
    src.store.set('a', [{ ...model('m'), endpoint_id: 'a' }]);
    const table = new RoutingTable(src);
    expect(() => table.current().resolve('m')).toThrow(/online/);
    const before = src.builds;
    src.endpoints = [ep('a', 'online')];
    src.emit();
    src.emit();
    src.emit();
    // Read-your-writes before the microtask ran.
    expect(table.current().resolve('m')).toHaveLength(1);
    await Promise.resolve();
    expect(src.builds - before).toBe(1);
    const v = table.current().version;
    src.emit();
    await Promise.resolve();
    expect(table.current().version).toBe(v + 1);
    table.close();
    src.emit();
    await Promise.resolve();
    expect(table.current().version).toBe(v + 1);
  });
});
