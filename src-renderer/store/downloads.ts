/** Model downloads per endpoint: start, cancel, and live progress. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DownloadTaskDTO } from '../../src-main/admin/types';
import { msg, type ErrorInfo } from '../i18n/message';
import { errorOf, type LoadState, type StoreDeps } from './types';

/** Downloads of one endpoint. */
export interface EndpointDownloads {
  readonly state: LoadState;
  readonly error: ErrorInfo | null;
  /** Tasks by id, newest last. */
  readonly tasks: readonly DownloadTaskDTO[];
  readonly starting: boolean;
}

/** State and actions of the downloads store. */
export interface DownloadsState {
  readonly byEndpoint: Readonly<Record<string, EndpointDownloads>>;
  load(endpointId: string): Promise<void>;
  /** Starts a download; resolves true when the task was accepted. */
  start(endpointId: string, model: string, filename?: string): Promise<boolean>;
  cancel(endpointId: string, taskId: string): Promise<void>;
  /** Applies a task pushed by the core (progress, completion, failure). */
  applyTask(task: DownloadTaskDTO): void;
}

const EMPTY: EndpointDownloads = { state: 'idle', error: null, tasks: [], starting: false };

/** True while a task can still change. */
export function isActive(task: DownloadTaskDTO): boolean {
  return task.status === 'pending' || task.status === 'downloading';
}

/** Creates the downloads store. `onCompleted` runs once per task that finishes (to refresh the endpoint's models). */
export function createDownloadsStore(
  { client, notify }: StoreDeps,
  onCompleted: (task: DownloadTaskDTO) => void = () => {},
): StoreApi<DownloadsState> {
  return createStore<DownloadsState>()((set, get) => {
    const of = (id: string): EndpointDownloads => get().byEndpoint[id] ?? EMPTY;
    const put = (id: string, patch: Partial<EndpointDownloads>): void =>
      set({ byEndpoint: { ...get().byEndpoint, [id]: { ...of(id), ...patch } } });

    /** Merges one task in, keeping arrival order; reports the transition to "completed" once. */
    const merge = (endpointId: string, task: DownloadTaskDTO): void => {
      const tasks = of(endpointId).tasks;
      const i = tasks.findIndex((t) => t.task_id === task.task_id);
      const before = i >= 0 ? tasks[i] : undefined;
      // Events may arrive out of order with a start response: never move a finished task backwards.
      if (before && !isActive(before) && isActive(task)) return;
      const next = i >= 0 ? tasks.map((t, j) => (j === i ? task : t)) : [...tasks, task];
      put(endpointId, { tasks: next });
      if (task.status === 'completed' && before?.status !== 'completed') {
        notify('success', msg('toast.downloaded', { model: task.model }));
        onCompleted(task);
      } else if (task.status === 'failed' && before?.status !== 'failed') {
        notify('error', msg('toast.downloadFailed', { model: task.model, error: task.error ?? msg('toast.unknownError') }));
      }
    };

    return {
      byEndpoint: {},
      load: async (id) => {
        put(id, { state: of(id).state === 'ready' ? 'ready' : 'loading', error: null });
        try {
          const { tasks } = await client.downloadProgress(id);
          // Keep any newer live state: merge rather than replace.
          for (const t of tasks) merge(id, { ...t, endpoint_id: t.endpoint_id ?? id });
          put(id, { state: 'ready', error: null });
        } catch (e) {
          put(id, { state: 'error', error: errorOf(e) });
        }
      },
      start: async (id, model, filename) => {
        put(id, { starting: true, error: null });
        try {
          const task = await client.startDownload(id, filename ? { model, filename } : { model });
          merge(id, { ...task, endpoint_id: task.endpoint_id ?? id });
          return true;
        } catch (e) {
          notify('error', msg('toast.downloadStartFailed', { model, error: errorOf(e) }));
          return false;
        } finally {
          put(id, { starting: false });
        }
      },
      cancel: async (id, taskId) => {
        try {
          await client.cancelDownload(id, taskId);
          const t = of(id).tasks.find((x) => x.task_id === taskId);
          if (t && isActive(t)) merge(id, { ...t, status: 'cancelled', speed_mbps: null, eta_seconds: null });
        } catch (e) {
          notify('error', msg('toast.downloadCancelFailed', { error: errorOf(e) }));
        }
      },
      applyTask: (task) => merge(task.endpoint_id, task),
    };
  });
}
