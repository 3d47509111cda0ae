import { describe, expect, it } from 'vitest';
import type { AliasSuggestionDTO } from '../../../src-main/aliases/types.js';
import { ClientError } from '../../../src-renderer/api/client.js';
import { createStores } from '../../../src-renderer/store/index.js';
import { fakeClient, flush } from './fake-client.js';

const suggestion: AliasSuggestionDTO = {
  id: 's1',
  alias: 'llama-3.2-3b-instruct',
  allow_shadow: false,
  identity: { family: 'llama-3.2', size: '3b', variant: 'instruct', quantization: 'q4_k_m', revision: null, arch: 'llama' },
  targets: [
    { endpoint_id: 'e1', endpoint_name: 'Ollama box', model: 'llama3.2:3b' },
    { endpoint_id: 'e2', endpoint_name: 'vLLM box', model: 'meta-llama/Llama-3.2-3B-Instruct' },
  ],
};
const alias = { alias: 'a', targets: [{ endpoint_id: null, model: 'm' }], allow_shadow: false, created_at: '2026-01-01T00:00:00Z' };

describe('aliases store', () => {
  it('loads aliases and suggestions together', async () => {
    const fake = fakeClient({ listAliases: async () => ({ aliases: [alias] }), aliasSuggestions: async () => ({ suggestions: [suggestion] }) });
    const stores = createStores(fake.client, { transport: 'ipc' });
    await stores.aliases.getState().load();
    expect(stores.aliases.getState()).toMatchObject({ state: 'ready', aliases: [alias], suggestions: [suggestion] });
  });

  it('accepting a suggestion removes it at once, notifies and reloads', async () => {
    const fake = fakeClient({ aliasSuggestions: async () => ({ suggestions: [suggestion] }) });
    const stores = createStores(fake.client, { transport: 'ipc' });
    await stores.aliases.getState().load();
    fake.client.aliasSuggestions.mockResolvedValue({ suggestions: [] });
    await stores.aliases.getState().accept('s1');
    expect(fake.client.acceptAliasSuggestion).toHaveBeenCalledWith({ suggestion_id: 's1' });
    expect(stores.aliases.getState().suggestions).toEqual([]);
    expect(stores.ui.getState().notices.at(-1)).toMatchObject({ kind: 'success' });
    await flush();
    expect(fake.client.listAliases).toHaveBeenCalledTimes(2);
  });

  it('a failed create keeps the server message for the form; a later success clears it', async () => {
    const fake = fakeClient({
      createAlias: async () => {
        throw new ClientError('conflict', "alias 'a' already exists", 409);
      },
    });
    const stores = createStores(fake.client, { transport: 'ipc' });
    expect(await stores.aliases.getState().create({ alias: 'a', targets: [{ endpoint_id: null, model: 'm' }] })).toBe(false);
    expect(stores.aliases.getState()).toMatchObject({ saving: false, saveError: { code: 'conflict', message: "alias 'a' already exists" } });
    fake.client.createAlias.mockResolvedValue(alias);
    expect(await stores.aliases.getState().create({ alias: 'a', targets: [{ endpoint_id: null, model: 'm' }] })).toBe(true);
    expect(stores.aliases.getState().saveError).toBeNull();
  });

  it('delete drops the row and reports failures as a toast', async () => {
    const fake = fakeClient({ listAliases: async () => ({ aliases: [alias] }) });
    const stores = createStores(fake.client, { transport: 'ipc' });
    await stores.aliases.getState().load();
    fake.client.deleteAlias.mockRejectedValueOnce(new ClientError('not_found', 'gone', 404));
    await stores.aliases.getState().remove('a');
    expect(stores.ui.getState().notices.at(-1)).toMatchObject({ kind: 'error' });
    expect(stores.aliases.getState().busy.a).toBe(false);
    await stores.aliases.getState().remove('a');
    expect(fake.client.deleteAlias).toHaveBeenLastCalledWith('a');
  });
});
