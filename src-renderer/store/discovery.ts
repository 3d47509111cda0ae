/** Discovery: local servers found and not registered, with add / dismiss. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DiscoveredServerDTO, EndpointDTO } from '../../src-main/admin/types';
import { msg, type ErrorInfo } from '../i18n/message';
import { errorOf, type LoadState, type StoreDeps } from './types';

/** State and actions of the discovery store. */
export interface DiscoveryState {
  readonly servers: readonly DiscoveredServerDTO[];
  readonly state: LoadState;
  readonly error: ErrorInfo | null;
  readonly busy: Readonly<Record<string, 'adding' | 'dismissing' | undefined>>;
  load(): Promise<void>;
  add(baseUrl: string): Promise<EndpointDTO | null>;
  dismiss(baseUrl: string): Promise<void>;
  applyFound(server: DiscoveredServerDTO): void;
  /** Forgets a server that got registered some other way. */
  forget(baseUrl: string): void;
}

/** Creates the discovery store. `onAdded` hands the new endpoint to the endpoints store. */
export function createDiscoveryStore(
  { client, notify }: StoreDeps,
  onAdded: (endpoint: EndpointDTO) => void = () => {},
): StoreApi<DiscoveryState> {
  let seq = 0;
  return createStore<DiscoveryState>()((set, get) => {
    const setBusy = (url: string, b: 'adding' | 'dismissing' | undefined): void => set({ busy: { ...get().busy, [url]: b } });
    return {
      servers: [],
      state: 'idle',
      error: null,
      busy: {},
      load: async () => {
        const mine = ++seq;
        set({ state: get().state === 'ready' ? 'ready' : 'loading', error: null });
        try {
          const { servers } = await client.listDiscovered();
          if (mine === seq) set({ servers, state: 'ready' });
        } catch (e) {
          if (mine === seq) set({ state: 'error', error: errorOf(e) });
        }
      },
      add: async (url) => {
        setBusy(url, 'adding');
        try {
          const endpoint = await client.addDiscovered(url);
          get().forget(url);
          onAdded(endpoint);
          notify('success', msg('toast.endpointAdded', { name: endpoint.name }));
          return endpoint;
        } catch (e) {
          notify('error', msg('toast.discoveryAddFailed', { url, error: errorOf(e) }));
          return null;
        } finally {
          setBusy(url, undefined);
        }
      },
      dismiss: async (url) => {
        setBusy(url, 'dismissing');
        try {
          await client.dismissDiscovered(url);
          get().forget(url);
        } catch (e) {
          notify('error', msg('toast.discoveryDismissFailed', { url, error: errorOf(e) }));
        } finally {
          setBusy(url, undefined);
        }
      },
      applyFound: (server) => {
        const rest = get().servers.filter((s) => s.base_url !== server.base_url);
        set({ servers: [...rest, server] });
      },
      forget: (url) => set({ servers: get().servers.filter((s) => s.base_url !== url) }),
    };
  });
}
