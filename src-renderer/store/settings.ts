/** Settings: gateway address, security and discovery toggles, cloud keys (write-only), start at login, desktop language. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CloudProvider, SettingsDTO, UpdateSettingsInput } from '../../src-main/admin/types';
import { msg, type ErrorInfo, type Msg } from '../i18n/message';
import { errorOf, type LoadState, type StoreDeps } from './types';

/** State and actions of the settings store. */
export interface SettingsState {
  readonly settings: SettingsDTO | null;
  readonly state: LoadState;
  readonly error: ErrorInfo | null;
  /** Which setting is being saved (a field name or `cloud.<provider>`). */
  readonly saving: string | null;
  load(): Promise<void>;
  /** Saves a partial update; `id` names it in the saving state, `what` in the notices. */
  update(input: UpdateSettingsInput, id: string, what: Msg): Promise<boolean>;
  /** Sets (or with null clears) a cloud provider's key. */
  setCloudKey(provider: CloudProvider, key: string | null): Promise<boolean>;
}

/** Provider names as their makers write them (not translated). */
const PROVIDER_NAME: Readonly<Record<CloudProvider, string>> = { openai: 'OpenAI', google: 'Google', anthropic: 'Anthropic' };

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
        if (mine === seq) set({ state: 'error', error: errorOf(e) });
      }
    },
    update: async (input, id, what) => {
      set({ saving: id });
      try {
        const settings = await client.updateSettings(input);
        seq++; // a load still in flight must not overwrite the saved values
        set({ settings, state: 'ready', error: null });
        notify('success', msg('toast.saved', { what }));
        return true;
      } catch (e) {
        notify('error', msg('toast.saveFailed', { what, error: errorOf(e) }));
        return false;
      } finally {
        set({ saving: null });
      }
    },
    setCloudKey: (provider, key) =>
      get().update(
        { cloud: { [provider]: { api_key: key } } },
        `cloud.${provider}`,
        msg(key === null ? 'settings.cloud.keyRemoval' : 'settings.cloud.keyName', { provider: PROVIDER_NAME[provider] }),
      ),
  }));
}
