import { describe, expect, it, vi } from 'vitest';
import { applyEvent, connectLive, createStores } from '../../../src-renderer/store/index.js';
import { ep, fakeClient, flush, task } from './fake-client.js';

function setup() {
  const fake = fakeClient({
    listEndpoints: async () => ({ endpoints: [ep(), ep({ id: 'e2', name: 'vLLM', base_url: 'http://10.0.0.2:8000', endpoint_type: 'vllm' })], total: 2 }),
  });
  const stores = createStores(fake.client, { transport: 'ipc' });
  return { fake, stores };
}

describe('live events', () => {
  it('an endpoint.status event changes the badge state without a reload', async () => {
    const { fake, stores } = setup();
    await stores.endpoints.getState().load();
    const stop = connectLive(stores);
    const calls = fake.client.listEndpoints.mock.calls.length;
    fake.emit({ type: 'endpoint.status', endpoint_id: 'e2', status: 'offline', previous: 'online', latency_ms: null, error: 'refused' });
    expect(stores.endpoints.getState().byId.e2!.status).toBe('offline');
    expect(fake.client.listEndpoints.mock.calls.length).toBe(calls);
    stop();
    expect(fake.listeners.size).toBe(0);
  });

  it('created / updated / deleted / type / models events keep the list current', async () => {
    const { stores } = setup();
    await stores.endpoints.getState().load();
    applyEvent(stores, { type: 'endpoint.created', endpoint: ep({ id: 'e3', name: 'New' }) });
    expect(stores.endpoints.getState().order).toEqual(['e1', 'e2', 'e3']);
    applyEvent(stores, { type: 'endpoint.updated', endpoint: ep({ id: 'e3', name: 'Renamed' }) });
    expect(stores.endpoints.getState().byId.e3!.name).toBe('Renamed');
    applyEvent(stores, { type: 'endpoint.type', endpoint_id: 'e3', endpoint_type: 'lm_studio' });
    expect(stores.endpoints.getState().byId.e3!.endpoint_type).toBe('lm_studio');
    applyEvent(stores, { type: 'endpoint.models', endpoint_id: 'e3', result: { synced_models: 7, added: [], removed: [], updated: [] } });
    expect(stores.endpoints.getState().byId.e3!.model_count).toBe(7);
    applyEvent(stores, { type: 'endpoint.deleted', endpoint_id: 'e3' });
    expect(stores.endpoints.getState().order).toEqual(['e1', 'e2']);
  });

  it('endpoint.models reloads an open detail page', async () => {
    const { fake, stores } = setup();
    await stores.endpoints.getState().loadDetail('e1');
    fake.client.getEndpoint.mockClear();
    applyEvent(stores, { type: 'endpoint.models', endpoint_id: 'e1', result: { synced_models: 2, added: ['x'], removed: [], updated: [] } });
    expect(fake.client.getEndpoint).toHaveBeenCalledWith('e1');
  });

  it('download.progress updates the task; completion refreshes the endpoint detail once', async () => {
    const { fake, stores } = setup();
    await stores.endpoints.getState().loadDetail('e1');
    fake.client.getEndpoint.mockClear();
    applyEvent(stores, { type: 'download.progress', task: task({ progress: 50 }) });
    expect(stores.downloads.getState().byEndpoint.e1!.tasks[0]!.progress).toBe(50);
    applyEvent(stores, { type: 'download.progress', task: task({ progress: 100, status: 'completed' }) });
    applyEvent(stores, { type: 'download.progress', task: task({ progress: 100, status: 'completed' }) });
    expect(fake.client.getEndpoint).toHaveBeenCalledTimes(1);
    // A late "downloading" event must not move a finished task backwards.
    applyEvent(stores, { type: 'download.progress', task: task({ progress: 90, status: 'downloading' }) });
    expect(stores.downloads.getState().byEndpoint.e1!.tasks[0]!.status).toBe('completed');
  });

  it('discovery.found shows only unregistered servers; request.logged prepends once', async () => {
    const { stores } = setup();
    await stores.endpoints.getState().load();
    await stores.discovery.getState().load();
    const server = { endpoint_type: 'vllm' as const, suggested_name: 'x', version: null, models_found: 1, found_at: '2026-01-01T00:00:00Z' };
    applyEvent(stores, { type: 'discovery.found', server: { ...server, base_url: 'http://10.0.0.2:8000' } });
    expect(stores.discovery.getState().servers).toHaveLength(0);
    applyEvent(stores, { type: 'discovery.found', server: { ...server, base_url: 'http://127.0.0.1:8001' } });
    expect(stores.discovery.getState().servers).toHaveLength(1);

    await stores.requests.getState().load();
    const r = { id: 5, at: '2026-01-01T00:00:00Z', api: 'openai' as const, path: '/v1/chat/completions', endpoint_id: 'e1', endpoint_name: 'x', model: 'm', status: 200, latency_ms: 10, ttft_ms: 3, prompt_tokens: 1, completion_tokens: 1, stream: true, error: null, request_id: null };
    applyEvent(stores, { type: 'request.logged', request: r });
    applyEvent(stores, { type: 'request.logged', request: r });
    expect(stores.requests.getState().requests).toHaveLength(1);
  });

  it('a (re)connection refreshes what is on screen and marks the session live', async () => {
    const { fake, stores } = setup();
    await stores.endpoints.getState().load();
    connectLive(stores);
    expect(stores.session.getState().live).toBe('connecting');
    fake.client.listEndpoints.mockClear();
    fake.open();
    expect(stores.session.getState().live).toBe('open');
    expect(fake.client.listEndpoints).toHaveBeenCalledTimes(1);
  });

  it('models reload once for a burst of changes, only after the page loaded', async () => {
    vi.useFakeTimers();
    try {
      const { fake, stores } = setup();
      applyEvent(stores, { type: 'endpoint.status', endpoint_id: 'e1', status: 'offline', previous: 'online', latency_ms: null, error: null });
      vi.advanceTimersByTime(1000);
      expect(fake.client.listModels).not.toHaveBeenCalled();
      await stores.models.getState().load();
      for (let i = 0; i < 5; i++) applyEvent(stores, { type: 'endpoint.type', endpoint_id: 'e1', endpoint_type: 'vllm' });
      vi.advanceTimersByTime(1000);
      expect(fake.client.listModels).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
    await flush();
  });
});
