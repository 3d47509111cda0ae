/** Requests: the recent request log (live), per-endpoint statistics, and each endpoint's live load. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EndpointStatsDTO, RequestLogDTO } from '../../src-main/admin/types';
import type { ErrorInfo } from '../i18n/message';
import { errorOf, type LoadState, type StoreDeps } from './types';

/** How many log rows are fetched and kept. */
export const REQUEST_LIMIT = 500;

/** Live load of one endpoint: requests holding a slot and requests waiting for one. */
export interface EndpointLoad {
  readonly in_flight: number;
  readonly queue_depth: number;
  /** Smoothed wait (ms) of requests that queued before this endpoint took them; null when none waited. */
  readonly queue_wait_ms: number | null;
}

/** State and actions of the requests store. */
export interface RequestsState {
  /** Newest first. */
  readonly requests: readonly RequestLogDTO[];
  readonly state: LoadState;
  readonly error: ErrorInfo | null;
  readonly stats: readonly EndpointStatsDTO[];
  readonly statsState: LoadState;
  readonly statsError: ErrorInfo | null;
  /** Live load by endpoint id, from the last statistics; an entry keeps its identity while unchanged. */
  readonly liveLoad: Readonly<Record<string, EndpointLoad>>;
  load(): Promise<void>;
  loadStats(): Promise<void>;
  /** Loads statistics now and every `everyMs` (the shortest any watcher asked for) until the returned stop runs. */
  watchStats(everyMs: number): () => void;
  applyLogged(request: RequestLogDTO): void;
}

/**
 * The live load of each endpoint in `stats`. In-flight and queued counts are the same in every window,
 * so the first row of an endpoint is enough. Entries equal to `prev` are reused, so a row selecting its
 * own entry does not re-render on every refresh.
 */
export function loadByEndpoint(
  stats: readonly EndpointStatsDTO[],
  prev: Readonly<Record<string, EndpointLoad>> = {},
): Record<string, EndpointLoad> {
  const out: Record<string, EndpointLoad> = {};
  for (const s of stats) {
    if (s.endpoint_id in out) continue;
    const old = prev[s.endpoint_id];
    out[s.endpoint_id] =
      old && old.in_flight === s.in_flight && old.queue_depth === s.queue_depth && old.queue_wait_ms === (s.queue_wait_ms ?? null)
        ? old
        : { in_flight: s.in_flight, queue_depth: s.queue_depth, queue_wait_ms: s.queue_wait_ms ?? null };
  }
  return out;
}

/** True while the window is in the background (never in tests without a document). */
function hidden(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'hidden';
}

/** Creates the requests store. */
export function createRequestsStore({ client }: StoreDeps): StoreApi<RequestsState> {
  let seq = 0;
  let statsSeq = 0;
  return createStore<RequestsState>()((set, get) => {
    // One timer for every watcher (Requests page, Endpoints page, detail page), at the shortest period asked for.
    const watchers = new Map<number, number>();
    let nextWatcher = 0;
    let timer: ReturnType<typeof setInterval> | null = null;
    let timerMs = 0;
    const tick = (): void => {
      if (!hidden()) void get().loadStats();
    };
    const onVisible = (): void => {
      if (!hidden()) void get().loadStats();
    };
    const reschedule = (): void => {
      const ms = watchers.size > 0 ? Math.min(...watchers.values()) : 0;
      if (timer && ms === timerMs) return;
      if (timer) clearInterval(timer);
      timer = ms > 0 ? setInterval(tick, ms) : null;
      timerMs = ms;
      if (typeof document === 'undefined') return;
      if (timer) document.addEventListener('visibilitychange', onVisible);
      else document.removeEventListener('visibilitychange', onVisible);
    };

    return {
      requests: [],
      state: 'idle',
      error: null,
      stats: [],
      statsState: 'idle',
      statsError: null,
      liveLoad: {},
      load: async () => {
        const mine = ++seq;
        set({ state: get().state === 'ready' ? 'ready' : 'loading', error: null });
        try {
          const { requests } = await client.listRequests({ limit: REQUEST_LIMIT });
          if (mine !== seq) return;
          const sorted = [...requests].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id - a.id);
          set({ requests: sorted, state: 'ready' });
        } catch (e) {
          if (mine === seq) set({ state: 'error', error: errorOf(e) });
        }
      },
      loadStats: async () => {
        const mine = ++statsSeq;
        set({ statsState: get().statsState === 'ready' ? 'ready' : 'loading', statsError: null });
        try {
          const { endpoints } = await client.stats();
          if (mine === statsSeq) set({ stats: endpoints, liveLoad: loadByEndpoint(endpoints, get().liveLoad), statsState: 'ready' });
        } catch (e) {
          if (mine === statsSeq) set({ statsState: 'error', statsError: errorOf(e) });
        }
      },
      watchStats: (everyMs) => {
        const id = ++nextWatcher;
        watchers.set(id, Math.max(1000, everyMs));
        reschedule();
        void get().loadStats();
        return () => {
          if (!watchers.delete(id)) return;
          reschedule();
        };
      },
      applyLogged: (r) => {
        const s = get();
        if (s.state === 'idle' || s.requests.some((x) => x.id === r.id)) return;
        set({ requests: [r, ...s.requests].slice(0, REQUEST_LIMIT) });
      },
    };
  });
}
