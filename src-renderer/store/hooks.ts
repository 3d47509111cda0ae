/** React access to the stores: one hook per store, always with a narrow selector. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { AliasesState } from './aliases';
import type { DiscoveryState } from './discovery';
import type { DownloadsState } from './downloads';
import type { EndpointsState } from './endpoints';
import type { KeysState } from './keys';
import type { LanguageState } from './language';
import type { LogsState } from './logs';
import type { ModelsState } from './models';
import type { RequestsState } from './requests';
import type { Stores } from './root';
import type { SessionState } from './session';
import type { SettingsState } from './settings';
import type { UiState } from './ui';

/** The stores of the running app (provided once by main.tsx; tests provide their own). */
export const StoresContext = createContext<Stores | null>(null);

/** The stores object (for actions called from effects). */
export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('StoresContext is missing');
  return stores;
}

function hookFor<S>(pick: (s: Stores) => StoreApi<S>) {
  return function useSlice<T>(selector: (state: S) => T): T {
    return useStore(pick(useStores()), selector);
  };
}

/** Selects from the UI store. */
export const useUi = hookFor<UiState>((s) => s.ui);
/** Selects from the language store. */
export const useLanguage = hookFor<LanguageState>((s) => s.language);
/** Selects from the session store. */
export const useSession = hookFor<SessionState>((s) => s.session);
/** Selects from the endpoints store. */
export const useEndpoints = hookFor<EndpointsState>((s) => s.endpoints);
/** Selects from the models store. */
export const useModels = hookFor<ModelsState>((s) => s.models);
/** Selects from the downloads store. */
export const useDownloads = hookFor<DownloadsState>((s) => s.downloads);
/** Selects from the discovery store. */
export const useDiscovery = hookFor<DiscoveryState>((s) => s.discovery);
/** Selects from the requests store. */
export const useRequests = hookFor<RequestsState>((s) => s.requests);
/** Selects from the keys store. */
export const useKeys = hookFor<KeysState>((s) => s.keys);
/** Selects from the settings store. */
export const useSettings = hookFor<SettingsState>((s) => s.settings);
/** Selects from the aliases store. */
export const useAliases = hookFor<AliasesState>((s) => s.aliases);
/** Selects from the logs store. */
export const useLogs = hookFor<LogsState>((s) => s.logs);

/** Host services that are not admin operations (clipboard, external links, the log folder). */
export interface Host {
  copy(text: string): Promise<boolean>;
  openExternal(url: string): void;
  /** Opens the log folder in the file manager, resolving with its path or null on failure; null where there is no folder to open (web). */
  readonly openLogFolder: (() => Promise<string | null>) | null;
}

/** The host services of the running app. */
export const HostContext = createContext<Host>({
  copy: async () => false,
  openExternal: () => {},
  openLogFolder: null,
});

/** The host services (clipboard, external links, the log folder). */
export function useHost(): Host {
  return useContext(HostContext);
}
