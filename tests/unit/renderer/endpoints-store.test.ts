import { describe, expect, it } from 'vitest';
import { ClientError } from '../../../src-renderer/api/client.js';
import { createStores, selectVisible } from '../../../src-renderer/store/index.js';
import { ep, fakeClient, say } from './fake-client.js';

function setup(over: Parameters<typeof fakeClient>[0] = {}) {
  const fake = fakeClient(over);
  const stores = createStores(fake.client, { transport: 'ipc' });
  return { fake, stores, api: () => stores.endpoints.getState() };
}

describe('endpoints store', () => {
  it('loads the list, then shows errors without losing rows on a failed refresh', async () => {
    let fail = false;
    const { api } = setup({
      listEndpoints: async () => {
        if (fail) throw new ClientError('internal_error', 'boom', 500);
        return { endpoints: [ep(), ep({ id: 'e2', name: 'vLLM', endpoint_type: 'vllm' })], total: 2 };
      },
    });
    expect(api().state).toBe('idle');
    const p = api().load();
    expect(api().state).toBe('loading');
    await p;
    expect(api().state).toBe('ready');
    expect(api().order).toEqual(['e1', 'e2']);
    fail = true;
    await api().load();
    expect(api().state).toBe('error');
    expect(api().error).toEqual({ code: 'internal_error', message: 'boom' });
    expect(api().order).toEqual(['e1', 'e2']);
  });

  it('ignores a stale list response that arrives after a newer one', async () => {
    const resolvers: ((v: { endpoints: ReturnType<typeof ep>[]; total: number }) => void)[] = [];
    const { api } = setup({ listEndpoints: () => new Promise((r) => resolvers.push(r)) });
    const first = api().load();
    const second = api().load();
    resolvers[1]!({ endpoints: [ep({ id: 'new' })], total: 1 });
    await second;
    resolvers[0]!({ endpoints: [ep({ id: 'old' })], total: 1 });
    await first;
    expect(api().order).toEqual(['new']);
  });

  it('filters by type and status and searches name and URL', async () => {
    const { api } = setup({
      listEndpoints: async () => ({
        endpoints: [
          ep({ id: 'a', name: 'Ollama box', endpoint_type: 'ollama', status: 'online' }),
          ep({ id: 'b', name: 'GPU', base_url: 'http://10.0.0.5:8000', endpoint_type: 'vllm', status: 'offline' }),
          ep({ id: 'c', name: 'Laptop', endpoint_type: 'llama_cpp', status: 'offline' }),
        ],
        total: 3,
      }),
    });
    await api().load();
    const ids = () => selectVisible(api()).map((e) => e.id);
    expect(ids()).toEqual(['a', 'b', 'c']);
    api().setFilter({ status: 'offline' });
    expect(ids()).toEqual(['b', 'c']);
    api().setFilter({ type: 'vllm' });
    expect(ids()).toEqual(['b']);
    api().setFilter({ type: 'all', status: 'all', search: '10.0.0' });
    expect(ids()).toEqual(['b']);
    api().setFilter({ search: 'LAP' });
    expect(ids()).toEqual(['c']);
  });

  it('patches status live in the list and in a loaded detail', async () => {
    const { api } = setup();
    await api().load();
    await api().loadDetail('e1');
    api().patchStatus('e1', { status: 'offline', latency_ms: null, error: 'connect ECONNREFUSED' });
    expect(api().byId.e1!.status).toBe('offline');
    expect(api().byId.e1!.last_error).toBe('connect ECONNREFUSED');
    expect(api().byId.e1!.latency_ms).toBe(12);
    expect(api().details.e1!.value!.status).toBe('offline');
    expect(api().details.e1!.value!.models).toHaveLength(1);
    api().patchStatus('e1', { status: 'online', latency_ms: 5, error: null });
    expect(api().byId.e1!.latency_ms).toBe(5);
    expect(api().byId.e1!.last_error).toBeNull();
  });

  it('create adds the endpoint and notifies; a conflict rejects for the dialog', async () => {
    const { api, stores, fake } = setup();
    await api().load();
    const created = await api().create({ name: 'New', base_url: 'http://x:1' });
    expect(created.id).toBe('new');
    expect(api().order).toEqual(['e1', 'new']);
    expect(stores.ui.getState().notices.at(-1)?.kind).toBe('success');
    fake.client.createEndpoint.mockRejectedValueOnce(new ClientError('conflict', 'name taken', 409));
    await expect(api().create({ name: 'New', base_url: 'http://x:1' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('update and delete go through the client; a failed delete keeps the row and says why', async () => {
    const { api, stores, fake } = setup();
    await api().load();
    await api().update('e1', { name: 'Renamed' });
    expect(fake.client.updateEndpoint).toHaveBeenCalledWith('e1', { name: 'Renamed' });
    expect(api().byId.e1!.name).toBe('Renamed');
    fake.client.deleteEndpoint.mockRejectedValueOnce(new ClientError('internal_error', 'disk full', 500));
    expect(await api().remove('e1')).toBe(false);
    expect(api().order).toEqual(['e1']);
    expect(stores.ui.getState().notices.at(-1)).toMatchObject({ kind: 'error' });
    expect(await api().remove('e1')).toBe(true);
    expect(api().order).toEqual([]);
    expect(api().busy.e1).toBeUndefined();
  });

  it('test and sync mark the row busy, record the result and notify', async () => {
    const { api, stores, fake } = setup();
    await api().load();
    const t = api().test('e1');
    expect(api().busy.e1).toBe('testing');
    await t;
    expect(api().busy.e1).toBeUndefined();
    expect(api().lastTest.e1?.success).toBe(true);
    await api().sync('e1');
    expect(api().byId.e1!.model_count).toBe(3);
    fake.client.syncEndpoint.mockRejectedValueOnce(new ClientError('endpoint_unreachable', 'down', 503));
    await api().sync('e1');
    expect(stores.ui.getState().notices.at(-1)).toMatchObject({ kind: 'error' });
    expect(say(stores.ui.getState().notices.at(-1)!.message)).toContain('down');
  });

  it('detect preview keeps only the latest answer', async () => {
    const resolvers: ((v: Awaited<ReturnType<ReturnType<typeof fakeClient>['client']['detectPreview']>>) => void)[] = [];
    const { api } = setup({ detectPreview: () => new Promise((r) => resolvers.push(r)) });
    const a = api().detect({ base_url: 'http://a:1' });
    const b = api().detect({ base_url: 'http://b:1' });
    expect(api().preview.state).toBe('loading');
    resolvers[1]!({ base_url: 'http://b:1', endpoint_type: 'vllm', version: null, models_found: 1, reachable: true, error: null });
    await b;
    resolvers[0]!({ base_url: 'http://a:1', endpoint_type: 'ollama', version: null, models_found: 1, reachable: true, error: null });
    await a;
    expect(api().preview.result?.endpoint_type).toBe('vllm');
    api().clearPreview();
    expect(api().preview.state).toBe('idle');
  });
});
