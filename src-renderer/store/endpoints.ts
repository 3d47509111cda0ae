/** Endpoints: the list, per-endpoint detail and health history, the add dialog's detection preview, and row actions. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DetectInput, DetectPreviewDTO } from '../api/client';
import type {
  CreateEndpointInput,
  EndpointDetailDTO,
  EndpointDTO,
  EndpointStatus,
  EndpointType,
  HealthCheckDTO,
  TestResultDTO,
  UpdateEndpointInput,
} from '../../src-main/admin/types';
import { msg, type ErrorInfo, type MsgVar } from '../i18n/message';
import { errorOf, IDLE, type Loadable, type LoadState, type StoreDeps } from './types';

/** The list filters (applied locally so live updates re-filter at once). */
export interface EndpointFilterState {
  readonly type: EndpointType | 'all';
  readonly status: EndpointStatus | 'all';
  readonly search: string;
}

/** A row action in progress. */
export type EndpointBusy = 'testing' | 'syncing' | 'deleting' | 'saving';

/** The add dialog's detection preview. */
export interface PreviewState {
  readonly state: 'idle' | 'loading' | 'done' | 'error';
  readonly input: DetectInput | null;
  readonly result: DetectPreviewDTO | null;
  readonly error: ErrorInfo | null;
}

/** A status change pushed by the core. */
export interface StatusPatch {
  readonly status: EndpointStatus;
  readonly latency_ms: number | null;
  readonly error: string | null;
}

/** State and actions of the endpoints store. */
export interface EndpointsState {
  readonly byId: Readonly<Record<string, EndpointDTO>>;
  /** Ids in registration order. */
  readonly order: readonly string[];
  readonly state: LoadState;
  readonly error: ErrorInfo | null;
  readonly filter: EndpointFilterState;
  readonly details: Readonly<Record<string, Loadable<EndpointDetailDTO>>>;
  readonly health: Readonly<Record<string, Loadable<readonly HealthCheckDTO[]>>>;
  readonly busy: Readonly<Record<string, EndpointBusy | undefined>>;
  readonly lastTest: Readonly<Record<string, TestResultDTO | undefined>>;
  readonly preview: PreviewState;

  load(): Promise<void>;
  setFilter(patch: Partial<EndpointFilterState>): void;
  loadDetail(id: string): Promise<void>;
  loadHealth(id: string, limit?: number): Promise<void>;
  /** Registers an endpoint; rejects with the server's error so the dialog can show it. */
  create(input: CreateEndpointInput): Promise<EndpointDTO>;
  /** Updates an endpoint; rejects with the server's error so the dialog can show it. */
  update(id: string, input: UpdateEndpointInput): Promise<EndpointDTO>;
  remove(id: string): Promise<boolean>;
  test(id: string): Promise<void>;
  sync(id: string): Promise<void>;
  detect(input: DetectInput): Promise<void>;
  clearPreview(): void;

  upsert(endpoint: EndpointDTO): void;
  drop(id: string): void;
  patchStatus(id: string, patch: StatusPatch): void;
  patchType(id: string, type: EndpointType): void;
}

const IDLE_PREVIEW: PreviewState = { state: 'idle', input: null, result: null, error: null };

/** Only the list fields of a detail (the list never carries `models`). */
function listFields(e: EndpointDTO | EndpointDetailDTO): EndpointDTO {
  if (!('models' in e)) return e;
  const { models: _models, ...rest } = e;
  void _models;
  return rest;
}

/** Creates the endpoints store. */
export function createEndpointsStore({ client, notify }: StoreDeps): StoreApi<EndpointsState> {
  let listSeq = 0;
  let previewSeq = 0;
  const detailSeq: Record<string, number> = {};

  return createStore<EndpointsState>()((set, get) => {
    const setBusy = (id: string, busy: EndpointBusy | undefined): void => set({ busy: { ...get().busy, [id]: busy } });
    const nameOf = (id: string): MsgVar => get().byId[id]?.name ?? msg('endpoints.fallbackName');

    /** Applies a change to the list entry and, when loaded, the detail of one endpoint. */
    const patch = (id: string, f: (e: EndpointDTO) => EndpointDTO): void => {
      const s = get();
      const current = s.byId[id];
      const detail = s.details[id];
      set({
        byId: current ? { ...s.byId, [id]: f(current) } : s.byId,
        details:
          detail?.value != null
            ? { ...s.details, [id]: { ...detail, value: { ...detail.value, ...f(detail.value) } } }
            : s.details,
      });
    };

    return {
      byId: {},
      order: [],
      state: 'idle',
      error: null,
      filter: { type: 'all', status: 'all', search: '' },
      details: {},
      health: {},
      busy: {},
      lastTest: {},
      preview: IDLE_PREVIEW,

      load: async () => {
        const seq = ++listSeq;
        // Keep showing the current rows while refreshing; only the first load shows "loading".
        set({ state: get().state === 'ready' ? 'ready' : 'loading', error: null });
        try {
          const { endpoints } = await client.listEndpoints();
          if (seq !== listSeq) return;
          const byId: Record<string, EndpointDTO> = {};
          for (const e of endpoints) byId[e.id] = e;
          set({ byId, order: endpoints.map((e) => e.id), state: 'ready', error: null });
        } catch (e) {
          if (seq !== listSeq) return;
          set({ state: 'error', error: errorOf(e) });
        }
      },

      setFilter: (p) => set({ filter: { ...get().filter, ...p } }),

      loadDetail: async (id) => {
        const seq = (detailSeq[id] = (detailSeq[id] ?? 0) + 1);
        const prev = get().details[id];
        set({ details: { ...get().details, [id]: { state: prev?.value ? 'ready' : 'loading', value: prev?.value ?? null, error: null } } });
        try {
          const detail = await client.getEndpoint(id);
          if (seq !== detailSeq[id]) return;
          set({ details: { ...get().details, [id]: { state: 'ready', value: detail, error: null } } });
          get().upsert(listFields(detail));
        } catch (e) {
          if (seq !== detailSeq[id]) return;
          set({ details: { ...get().details, [id]: { state: 'error', value: prev?.value ?? null, error: errorOf(e) } } });
        }
      },

      loadHealth: async (id, limit = 200) => {
        const prev = get().health[id] ?? IDLE;
        set({ health: { ...get().health, [id]: { ...prev, state: prev.value ? 'ready' : 'loading', error: null } } });
        try {
          const { checks } = await client.healthHistory(id, { limit });
          set({ health: { ...get().health, [id]: { state: 'ready', value: checks, error: null } } });
        } catch (e) {
          set({ health: { ...get().health, [id]: { state: 'error', value: prev.value, error: errorOf(e) } } });
        }
      },

      create: async (input) => {
        const endpoint = await client.createEndpoint(input);
        get().upsert(endpoint);
        notify('success', msg(endpoint.status === 'pending' ? 'toast.endpointAddedChecking' : 'toast.endpointAdded', { name: endpoint.name }));
        return endpoint;
      },

      update: async (id, input) => {
        setBusy(id, 'saving');
        try {
          const endpoint = await client.updateEndpoint(id, input);
          get().upsert(endpoint);
          notify('success', msg('toast.endpointSaved', { name: endpoint.name }));
          return endpoint;
        } finally {
          setBusy(id, undefined);
        }
      },

      remove: async (id) => {
        const name = nameOf(id);
        setBusy(id, 'deleting');
        try {
          await client.deleteEndpoint(id);
          get().drop(id);
          notify('success', msg('toast.endpointDeleted', { name }));
          return true;
        } catch (e) {
          notify('error', msg('toast.endpointDeleteFailed', { name, error: errorOf(e) }));
          return false;
        } finally {
          setBusy(id, undefined);
        }
      },

      test: async (id) => {
        const name = nameOf(id);
        setBusy(id, 'testing');
        try {
          const result = await client.testEndpoint(id);
          set({ lastTest: { ...get().lastTest, [id]: result } });
          if (result.success) {
            const type = msg(`endpointType.${result.endpoint_type}`);
            notify('success', msg('toast.testOk', { name, latency: result.latency_ms ?? '?', type, count: result.models_found }));
          } else {
            notify('error', msg('toast.testNotOk', { name, error: result.error ?? msg('toast.testFailedPlain') }));
          }
        } catch (e) {
          notify('error', msg('toast.testError', { name, error: errorOf(e) }));
        } finally {
          setBusy(id, undefined);
        }
      },

      sync: async (id) => {
        const name = nameOf(id);
        setBusy(id, 'syncing');
        try {
          const r = await client.syncEndpoint(id);
          notify('success', msg('toast.synced', { name, count: r.synced_models, added: r.added.length, removed: r.removed.length }));
          patch(id, (e) => ({ ...e, model_count: r.synced_models }));
          if (get().details[id]) void get().loadDetail(id);
        } catch (e) {
          notify('error', msg('toast.syncFailed', { name, error: errorOf(e) }));
        } finally {
          setBusy(id, undefined);
        }
      },

      detect: async (input) => {
        const seq = ++previewSeq;
        set({ preview: { state: 'loading', input, result: null, error: null } });
        try {
          const result = await client.detectPreview(input);
          if (seq === previewSeq) set({ preview: { state: 'done', input, result, error: null } });
        } catch (e) {
          if (seq === previewSeq) set({ preview: { state: 'error', input, result: null, error: errorOf(e) } });
        }
      },

      clearPreview: () => {
        previewSeq++;
        set({ preview: IDLE_PREVIEW });
      },

      upsert: (endpoint) => {
        const s = get();
        const known = endpoint.id in s.byId;
        set({
          byId: { ...s.byId, [endpoint.id]: listFields(endpoint) },
          order: known ? s.order : [...s.order, endpoint.id],
        });
        const detail = s.details[endpoint.id];
        if (detail?.value) {
          set({ details: { ...get().details, [endpoint.id]: { ...detail, value: { ...detail.value, ...listFields(endpoint) } } } });
        }
      },

      drop: (id) => {
        const s = get();
        const { [id]: _gone, ...byId } = s.byId;
        void _gone;
        set({ byId, order: s.order.filter((x) => x !== id) });
      },

      patchStatus: (id, p) =>
        patch(id, (e) => ({
          ...e,
          status: p.status,
          latency_ms: p.status === 'online' && p.latency_ms !== null ? p.latency_ms : e.latency_ms,
          last_error: p.status === 'online' ? null : (p.error ?? e.last_error),
          last_seen: p.status === 'online' ? new Date().toISOString() : e.last_seen,
        })),

      patchType: (id, type) => patch(id, (e) => ({ ...e, endpoint_type: type })),
    };
  });
}

/** The endpoints the list shows under the current filter, in registration order. */
export function selectVisible(s: EndpointsState): EndpointDTO[] {
  const q = s.filter.search.trim().toLowerCase();
  const out: EndpointDTO[] = [];
  for (const id of s.order) {
    const e = s.byId[id];
    if (!e) continue;
    if (s.filter.type !== 'all' && e.endpoint_type !== s.filter.type) continue;
    if (s.filter.status !== 'all' && e.status !== s.filter.status) continue;
    if (q && !e.name.toLowerCase().includes(q) && !e.base_url.toLowerCase().includes(q)) continue;
    out.push(e);
  }
  return out;
}
