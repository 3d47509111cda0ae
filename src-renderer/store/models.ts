/** Models: every model with the endpoints that serve it. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ModelSummaryDTO } from '../../src-main/admin/types';
import type { ErrorInfo } from '../i18n/message';
import { errorOf, type LoadState, type StoreDeps } from './types';

/** State and actions of the models store. */
export interface ModelsState {
  readonly models: readonly ModelSummaryDTO[];
  readonly state: LoadState;
  readonly error: ErrorInfo | null;
  load(): Promise<void>;
  /** Reloads soon, once, however many changes arrive (only if the page ever loaded). */
  invalidate(): void;
}

/** How long live changes are gathered before one reload. */
const INVALIDATE_MS = 500;

/** Creates the models store. */
export function createModelsStore({ client }: StoreDeps): StoreApi<ModelsState> {
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  return createStore<ModelsState>()((set, get) => ({
    models: [],
    state: 'idle',
    error: null,
    load: async () => {
      const mine = ++seq;
      set({ state: get().state === 'ready' ? 'ready' : 'loading', error: null });
      try {
        const { models } = await client.listModels();
        if (mine !== seq) return;
        const sorted = [...models].sort((a, b) => a.model_id.localeCompare(b.model_id));
        set({ models: sorted, state: 'ready', error: null });
      } catch (e) {
        if (mine === seq) set({ state: 'error', error: errorOf(e) });
      }
    },
    invalidate: () => {
      if (get().state === 'idle' || timer) return;
      timer = setTimeout(() => {
        timer = null;
        void get().load();
      }, INVALIDATE_MS);
    },
  }));
}
