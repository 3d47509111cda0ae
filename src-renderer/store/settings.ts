/** Settings: gateway address, security and discovery toggles, cloud keys (write-only), start at login. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CloudProvider, SettingsDTO, UpdateSettingsInput } from '../../src-main/admin/types';
import { messageOf, type LoadState, type StoreDeps } from './types';

/** State and actions of the settings store. */
export interface SettingsState {
  readonly settings: SettingsDTO | null;
  readonly state: LoadState;
  readonly error: string | null;
  /** Which setting is being saved (a field name or `cloud.<provider>`). */
  readonly saving: string | null;
  load(): Promise<void>;
  /** Saves a partial update; `label` names it in the saving state and notices. */
  update(input: UpdateSettingsInput, label: string): Promise<boolean>;
  /** Sets (or with null clears) a cloud provider's key. */
  setCloudKey(provider: CloudProvider, key: string | null): Promise<boolean>;
}

/** Creates the settings store. */
export function createSettingsStore({ client, notify }: StoreDeps): StoreApi<SettingsState> {
  let seq = 0;
  return createStore<SettingsState>()((set, get) => ({
    settings: null,
    state: 'idle',
    error: null,
    saving: null,
    load: async () => {
      const mine = ++seq;
      set({ state: get().state === 'ready' ? 'ready' : 'loading', error: null });
      try {
        const settings = await client.getSettings();
        if (mine === seq) set({ settings, state: 'ready' });
      } catch (e) {
        if (mine === seq) set({ state: 'error', error: messageOf(e) });
      }
    },
    update: async (input, label) => {
      set({ saving: label });
      try {
        const settings = await client.updateSettings(input);
        seq++; // a load still in flight must not overwrite the saved values
        set({ settings, state: 'ready', error: null });
        notify('success', `Saved ${label}`);
        return true;
      } catch (e) {
        notify('error', `Could not save ${label}: ${messageOf(e)}`);
        return false;
      } finally {
        set({ saving: null });
      }
    },
    setCloudKey: (provider, key) =>
      get().update({ cloud: { [provider]: { api_key: key } } }, key === null ? `${provider} key removal` : `${provider} key`),
  }));
}
