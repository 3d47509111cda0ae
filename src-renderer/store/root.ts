/** Builds every store from one client and wires the cross-store reactions (no module-level singletons). */
import type { StoreApi } from 'zustand/vanilla';
import { ClientError, type LlmlbClient } from '../api/client';
import type { KeyStore } from '../api/transport';
import { createAliasesStore, type AliasesState } from './aliases';
import { createDiscoveryStore, type DiscoveryState } from './discovery';
import { createDownloadsStore, type DownloadsState } from './downloads';
import { createEndpointsStore, type EndpointsState } from './endpoints';
import { createKeysStore, type KeysState } from './keys';
import { msg } from '../i18n/message';
import { createLanguageStore, type LanguageState, type LanguageStorage } from './language';
import { createLogsStore, type LogsState } from './logs';
import { createModelsStore, type ModelsState } from './models';
import { createRequestsStore, type RequestsState } from './requests';
import { createSessionStore, type SessionState } from './session';
import { createSettingsStore, type SettingsState } from './settings';
import type { StoreDeps } from './types';
import { createUiStore, type ThemeStorage, type UiState } from './ui';

/** Every store of the app. */
export interface Stores {
  readonly client: LlmlbClient;
  readonly ui: StoreApi<UiState>;
  readonly language: StoreApi<LanguageState>;
  readonly session: StoreApi<SessionState>;
  readonly endpoints: StoreApi<EndpointsState>;
  readonly models: StoreApi<ModelsState>;
  readonly downloads: StoreApi<DownloadsState>;
  readonly discovery: StoreApi<DiscoveryState>;
  readonly requests: StoreApi<RequestsState>;
  readonly keys: StoreApi<KeysState>;
  readonly settings: StoreApi<SettingsState>;
  readonly aliases: StoreApi<AliasesState>;
  readonly logs: StoreApi<LogsState>;
}

/** Options of {@link createStores}. */
export interface CreateStoresOptions {
  readonly transport?: 'ipc' | 'http';
  /** Admin key storage of the web transport (null/undefined: no key needed). */
  readonly keys?: KeyStore | null;
  readonly themeStorage?: ThemeStorage;
  /** The system's languages, most preferred first (default: none, i.e. English unless chosen). */
  readonly systemLanguages?: readonly string[];
  /** Where the web dashboard keeps the language choice (the desktop keeps it as a core setting). */
  readonly languageStorage?: LanguageStorage;
  readonly initialHash?: string;
}

/** Wraps a client so any 401 sends the session back to the key prompt. */
export function guardClient(client: LlmlbClient, onUnauthorized: () => void): LlmlbClient {
  const guarded = {} as Record<string, unknown>;
  for (const [name, fn] of Object.entries(client) as [string, (...a: unknown[]) => unknown][]) {
    guarded[name] =
      name === 'subscribe'
        ? fn
        : (...args: unknown[]) =>
            (fn(...args) as Promise<unknown>).catch((e: unknown) => {
              if (e instanceof ClientError && e.status === 401) onUnauthorized();
              throw e;
            });
  }
  return guarded as unknown as LlmlbClient;
}

/** Creates all stores over `rawClient`. */
export function createStores(rawClient: LlmlbClient, opts: CreateStoresOptions = {}): Stores {
  const ui = createUiStore({ storage: opts.themeStorage, initialHash: opts.initialHash });
  const session = createSessionStore(opts.transport ?? 'http', opts.keys ?? null);
  const client = guardClient(rawClient, () => session.getState().unauthorized());
  const deps: StoreDeps = { client, notify: (kind, text) => ui.getState().notify(kind, text) };
  const endpoints = createEndpointsStore(deps);
  const models = createModelsStore(deps);
  const downloads = createDownloadsStore(deps, (task) => {
    // A finished download adds a model: show it without a manual sync.
    if (endpoints.getState().details[task.endpoint_id]) void endpoints.getState().loadDetail(task.endpoint_id);
    models.getState().invalidate();
  });
  const discovery = createDiscoveryStore(deps, (endpoint) => endpoints.getState().upsert(endpoint));
  const settings = createSettingsStore(deps);
  const language = createLanguage(opts, settings);
  return {
    client,
    ui,
    language,
    session,
    endpoints,
    models,
    downloads,
    discovery,
    requests: createRequestsStore(deps),
    keys: createKeysStore(deps),
    settings,
    aliases: createAliasesStore(deps),
    logs: createLogsStore(deps),
  };
}

/**
 * The language store for this transport. Web: the choice lives in this browser. Desktop (IPC): it is the core's
 * `language` setting, so the tray and dialogs follow it; the value the settings bring is adopted.
 */
function createLanguage(opts: CreateStoresOptions, settings: StoreApi<SettingsState>): StoreApi<LanguageState> {
  const system = opts.systemLanguages ?? [];
  if (opts.transport !== 'ipc') return createLanguageStore({ system, storage: opts.languageStorage });
  const language = createLanguageStore({
    system,
    persist: (preference) => settings.getState().update({ language: preference }, 'language', msg('settings.language.what')),
  });
  settings.subscribe((s, prev) => {
    if (s.settings?.language !== prev.settings?.language) language.getState().adopt(s.settings?.language);
  });
  return language;
}
