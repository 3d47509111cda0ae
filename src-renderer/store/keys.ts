/** API keys: list, create (the secret is shown once), revoke. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiKeyDTO, CreatedApiKeyDTO, KeyRole } from '../../src-main/admin/types';
import { msg, type ErrorInfo, type MsgVar } from '../i18n/message';
import { errorOf, type LoadState, type StoreDeps } from './types';

/** State and actions of the keys store. */
export interface KeysState {
  readonly keys: readonly ApiKeyDTO[];
  readonly state: LoadState;
  readonly error: ErrorInfo | null;
  /** The key just created, with its secret; cleared when the user closes the notice. */
  readonly created: CreatedApiKeyDTO | null;
  readonly creating: boolean;
  readonly createError: ErrorInfo | null;
  readonly revoking: Readonly<Record<string, boolean | undefined>>;
  load(): Promise<void>;
  create(name: string, role: KeyRole): Promise<boolean>;
  revoke(id: string): Promise<void>;
  dismissCreated(): void;
}

/** Creates the keys store. */
export function createKeysStore({ client, notify }: StoreDeps): StoreApi<KeysState> {
  let seq = 0;
  return createStore<KeysState>()((set, get) => ({
    keys: [],
    state: 'idle',
    error: null,
    created: null,
    creating: false,
    createError: null,
    revoking: {},
    load: async () => {
      const mine = ++seq;
      set({ state: get().state === 'ready' ? 'ready' : 'loading', error: null });
      try {
        const { keys } = await client.listKeys();
        if (mine === seq) set({ keys, state: 'ready' });
      } catch (e) {
        if (mine === seq) set({ state: 'error', error: errorOf(e) });
      }
    },
    create: async (name, role) => {
      set({ creating: true, createError: null });
      try {
        const created = await client.createKey({ name, role });
        set({ created });
        void get().load();
        return true;
      } catch (e) {
        set({ createError: errorOf(e) });
        return false;
      } finally {
        set({ creating: false });
      }
    },
    revoke: async (id) => {
      const name: MsgVar = get().keys.find((k) => k.id === id)?.name ?? msg('keys.fallbackName');
      set({ revoking: { ...get().revoking, [id]: true } });
      try {
        await client.revokeKey(id);
        // A revoked key's one-time secret is useless: stop showing it.
        set({ keys: get().keys.filter((k) => k.id !== id), created: get().created?.id === id ? null : get().created });
        notify('success', msg('toast.keyRevoked', { name }));
      } catch (e) {
        notify('error', msg('toast.keyRevokeFailed', { name, error: errorOf(e) }));
      } finally {
        set({ revoking: { ...get().revoking, [id]: false } });
      }
    },
    dismissCreated: () => set({ created: null }),
  }));
}
