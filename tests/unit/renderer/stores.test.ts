import { describe, expect, it } from 'vitest';
import { ClientError } from '../../../src-renderer/api/client.js';
import type { KeyStore } from '../../../src-renderer/api/transport.js';
import { connectLive, createStores } from '../../../src-renderer/store/index.js';
import { msg } from '../../../src-renderer/i18n/message.js';
import { fakeClient, say, task } from './fake-client.js';

function memoryKeys(initial: string | null = null): KeyStore & { value: string | null } {
  const k = {
    value: initial,
    get: () => k.value,
    set: (v: string) => void (k.value = v),
    clear: () => void (k.value = null),
  };
  return k;
}

describe('session (web transport)', () => {
  it('asks for a key when none is stored, and accepts one', () => {
    const keys = memoryKeys();
    const stores = createStores(fakeClient().client, { transport: 'http', keys });
    expect(stores.session.getState().needKey).toBe(true);
    stores.session.getState().submitKey('  llmlb_abc  ');
    expect(keys.value).toBe('llmlb_abc');
    expect(stores.session.getState()).toMatchObject({ needKey: false, epoch: 1 });
  });

  it('any 401 forgets the key and asks again, saying it was rejected', async () => {
    const keys = memoryKeys('llmlb_old');
    const fake = fakeClient({
      listKeys: async () => {
        throw new ClientError('unauthorized', 'bad key', 401);
      },
    });
    const stores = createStores(fake.client, { transport: 'http', keys });
    expect(stores.session.getState().needKey).toBe(false);
    await stores.keys.getState().load();
    expect(stores.session.getState()).toMatchObject({ needKey: true, keyRejected: true });
    expect(keys.value).toBeNull();
  });

  it('a 401 on the event stream also asks again', () => {
    const keys = memoryKeys('llmlb_old');
    const fake = fakeClient();
    const stores = createStores(fake.client, { transport: 'http', keys });
    connectLive(stores);
    fake.options[0]!.onError?.(new ClientError('unauthorized', 'no', 401));
    expect(stores.session.getState().needKey).toBe(true);
  });

  it('IPC never asks for a key', async () => {
    const fake = fakeClient({
      listKeys: async () => {
        throw new ClientError('unauthorized', 'x', 401);
      },
    });
    const stores = createStores(fake.client, { transport: 'ipc', keys: null });
    await stores.keys.getState().load();
    expect(stores.session.getState().needKey).toBe(false);
  });
});

describe('downloads store', () => {
  it('starts, tracks and cancels a task', async () => {
    const fake = fakeClient();
    const stores = createStores(fake.client);
    const d = () => stores.downloads.getState();
    expect(await d().start('e1', 'llama3.2:1b')).toBe(true);
    expect(fake.client.startDownload).toHaveBeenCalledWith('e1', { model: 'llama3.2:1b' });
    expect(d().byEndpoint.e1!.tasks).toHaveLength(1);
    d().applyTask(task({ task_id: 't1', progress: 40 }));
    await d().cancel('e1', 't1');
    expect(fake.client.cancelDownload).toHaveBeenCalledWith('e1', 't1');
    expect(d().byEndpoint.e1!.tasks.find((t) => t.task_id === 't1')?.status).toBe('cancelled');
  });

  it('a refused start notifies and resolves false', async () => {
    const fake = fakeClient({
      startDownload: async () => {
        throw new ClientError('not_supported', 'vLLM cannot download', 400);
      },
    });
    const stores = createStores(fake.client);
    expect(await stores.downloads.getState().start('e1', 'x')).toBe(false);
    expect(say(stores.ui.getState().notices.at(-1)!.message)).toBe('Could not start download of x: Not supported by this type of endpoint: vLLM cannot download');
    expect(stores.downloads.getState().byEndpoint.e1!.starting).toBe(false);
  });

  it('load merges server tasks with live ones', async () => {
    const fake = fakeClient({ downloadProgress: async () => ({ endpoint_id: 'e1', tasks: [task({ task_id: 'a', progress: 30 })] }) });
    const stores = createStores(fake.client);
    stores.downloads.getState().applyTask(task({ task_id: 'b', progress: 5 }));
    await stores.downloads.getState().load('e1');
    expect(stores.downloads.getState().byEndpoint.e1!.tasks.map((t) => t.task_id)).toEqual(['b', 'a']);
    expect(stores.downloads.getState().byEndpoint.e1!.state).toBe('ready');
  });
});

describe('keys store', () => {
  it('shows a created key once and reloads the list; revoke removes the row', async () => {
    let keys = [{ id: 'k0', name: 'dash', role: 'admin' as const, prefix: 'llmlb_aa', created_at: '', last_used_at: null }];
    const fake = fakeClient({
      listKeys: async () => ({ keys }),
      revokeKey: async (id) => {
        keys = keys.filter((k) => k.id !== id);
      },
    });
    const stores = createStores(fake.client);
    const k = () => stores.keys.getState();
    await k().load();
    expect(await k().create('bot', 'inference')).toBe(true);
    expect(fake.client.createKey).toHaveBeenCalledWith({ name: 'bot', role: 'inference' });
    expect(k().created?.key).toBe('llmlb_secret');
    k().dismissCreated();
    expect(k().created).toBeNull();
    await k().revoke('k0');
    expect(k().keys).toEqual([]);
    await k().create('bot', 'inference');
    await k().revoke('k1');
    expect(k().created).toBeNull();
  });

  it('a failed create keeps the error for the form', async () => {
    const fake = fakeClient({
      createKey: async () => {
        throw new ClientError('invalid_request', 'name required', 400);
      },
    });
    const stores = createStores(fake.client);
    expect(await stores.keys.getState().create('', 'admin')).toBe(false);
    expect(stores.keys.getState().createError).toMatchObject({ message: 'name required' });
  });
});

describe('settings store', () => {
  it('saves partial updates and write-only cloud keys', async () => {
    const fake = fakeClient();
    const stores = createStores(fake.client);
    const s = () => stores.settings.getState();
    await s().load();
    expect(s().settings?.require_api_key).toBe(false);
    expect(await s().update({ require_api_key: true }, 'require_api_key', msg('settings.behaviour.requireKey'))).toBe(true);
    expect(say(stores.ui.getState().notices.at(-1)!.message)).toBe('Saved: Require an API key for /v1 and /api');
    expect(s().settings?.require_api_key).toBe(true);
    await s().setCloudKey('openai', 'sk-test');
    expect(fake.client.updateSettings).toHaveBeenLastCalledWith({ cloud: { openai: { api_key: 'sk-test' } } });
    await s().setCloudKey('openai', null);
    expect(fake.client.updateSettings).toHaveBeenLastCalledWith({ cloud: { openai: { api_key: null } } });
    expect(s().saving).toBeNull();
  });
});

describe('discovery store', () => {
  it('adds (handing the endpoint to the list) and dismisses', async () => {
    const servers = [
      { base_url: 'http://127.0.0.1:8001', endpoint_type: 'vllm' as const, suggested_name: 'v', version: null, models_found: 1, found_at: '' },
      { base_url: 'http://127.0.0.1:1235', endpoint_type: 'lm_studio' as const, suggested_name: 'l', version: null, models_found: 1, found_at: '' },
    ];
    const fake = fakeClient({ listDiscovered: async () => ({ servers }) });
    const stores = createStores(fake.client);
    await stores.discovery.getState().load();
    await stores.discovery.getState().add('http://127.0.0.1:8001');
    expect(stores.endpoints.getState().byId.disc?.base_url).toBe('http://127.0.0.1:8001');
    await stores.discovery.getState().dismiss('http://127.0.0.1:1235');
    expect(fake.client.dismissDiscovered).toHaveBeenCalledWith('http://127.0.0.1:1235');
    expect(stores.discovery.getState().servers).toEqual([]);
  });
});

describe('requests store', () => {
  it('sorts newest first and loads stats', async () => {
    const row = (id: number, at: string) => ({ id, at, api: 'openai' as const, path: '/v1/x', endpoint_id: null, endpoint_name: null, model: null, status: 200, latency_ms: 1, ttft_ms: null, prompt_tokens: null, completion_tokens: null, stream: false, error: null, request_id: null });
    const fake = fakeClient({
      listRequests: async () => ({ requests: [row(1, '2026-01-01T00:00:00Z'), row(2, '2026-01-02T00:00:00Z')] }),
      stats: async () => ({ endpoints: [{ endpoint_id: 'e1', name: 'x', window: '5m' as const, requests: 2, errors: 0, p50_ms: 1, p95_ms: 2, ttft_p50_ms: null, ttft_p95_ms: null, in_flight: 0, queue_depth: 0, queue_wait_ms: null }] }),
    });
    const stores = createStores(fake.client);
    await stores.requests.getState().load();
    expect(stores.requests.getState().requests.map((r) => r.id)).toEqual([2, 1]);
    expect(fake.client.listRequests).toHaveBeenCalledWith({ limit: 500 });
    await stores.requests.getState().loadStats();
    expect(stores.requests.getState().stats).toHaveLength(1);
  });
});
