/** Requests: the recent request log (live) and per-endpoint statistics. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EndpointStatsDTO, RequestLogDTO } from '../../src-main/admin/types';
import { messageOf, type LoadState, type StoreDeps } from './types';

/** How many log rows are fetched and kept. */
export const REQUEST_LIMIT = 500;

/** State and actions of the requests store. */
export interface RequestsState {
  /** Newest first. */
  readonly requests: readonly RequestLogDTO[];
  readonly state: LoadState;
  readonly error: string | null;
  readonly stats: readonly EndpointStatsDTO[];
  readonly statsState: LoadState;
  readonly statsError: string | null;
  load(): Promise<void>;
  loadStats(): Promise<void>;
  applyLogged(request: RequestLogDTO): void;
}

/** Creates the requests store. */
export function createRequestsStore({ client }: StoreDeps): StoreApi<RequestsState> {
  let seq = 0;
  let statsSeq = 0;
  return createStore<RequestsState>()((set, get) => ({
    requests: [],
    state: 'idle',
    error: null,
    stats: [],
    statsState: 'idle',
    statsError: null,
    load: async () => {
      const mine = ++seq;
      set({ state: get().state === 'ready' ? 'ready' : 'loading', error: null });
      try {
        const { requests } = await client.listRequests({ limit: REQUEST_LIMIT });
        if (mine !== seq) return;
        const sorted = [...requests].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id - a.id);
        set({ requests: sorted, state: 'ready' });
      } catch (e) {
        if (mine === seq) set({ state: 'error', error: messageOf(e) });
      }
    },
    loadStats: async () => {
      const mine = ++statsSeq;
      set({ statsState: get().statsState === 'ready' ? 'ready' : 'loading', statsError: null });
      try {
        const { endpoints } = await client.stats();
        if (mine === statsSeq) set({ stats: endpoints, statsState: 'ready' });
      } catch (e) {
        if (mine === statsSeq) set({ statsState: 'error', statsError: messageOf(e) });
      }
    },
    applyLogged: (r) => {
      const s = get();
      if (s.state === 'idle' || s.requests.some((x) => x.id === r.id)) return;
      set({ requests: [r, ...s.requests].slice(0, REQUEST_LIMIT) });
    },
  }));
}
