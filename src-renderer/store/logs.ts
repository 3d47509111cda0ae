/** Logs: recent structured log lines filtered by level and component, optionally followed live. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LogComponentName, LogEntryDTO, LogLevelName } from '../../src-main/admin/types';
import type { ErrorInfo } from '../i18n/message';
import { errorOf, type LoadState, type StoreDeps } from './types';

/** Lines fetched and kept (the oldest go first while following). */
export const LOG_LIMIT = 500;

/** Level names, least severe first (the level filter's choices). */
export const LOG_LEVEL_ORDER = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const satisfies readonly LogLevelName[];

/** Component names (the component filter's choices). */
export const LOG_COMPONENT_NAMES = [
  'app',
  'gateway',
  'health',
  'detect',
  'sync',
  'downloads',
  'discovery',
  'ipc',
] as const satisfies readonly LogComponentName[];

// Compile-time guard: the lists above name every level and component the core knows.
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : never;
const allLevels: Missing<LogLevelName, (typeof LOG_LEVEL_ORDER)[number]> = true;
const allComponents: Missing<LogComponentName, (typeof LOG_COMPONENT_NAMES)[number]> = true;
void allLevels;
void allComponents;

/** The filters of the Logs page. */
export interface LogFilter {
  /** Minimum level shown. */
  readonly level: LogLevelName;
  /** One component, or null for all. */
  readonly component: LogComponentName | null;
}

/** State and actions of the logs store. */
export interface LogsState {
  /** Oldest first, newest last (append while following). */
  readonly entries: readonly LogEntryDTO[];
  readonly filter: LogFilter;
  /** Live lines are appended while true (live events carry `info` and above only). */
  readonly following: boolean;
  /** Live lines the core left out to bound its rate, since the last load. */
  readonly dropped: number;
  readonly state: LoadState;
  readonly error: ErrorInfo | null;
  /** Fetches the newest lines for the current filter. */
  load(): Promise<void>;
  /** Changes the filter and reloads. */
  setFilter(filter: Partial<LogFilter>): Promise<void>;
  /** Starts or stops following; starting fetches what came in meanwhile (after the newest line seen, even if cleared). */
  setFollowing(on: boolean): Promise<void>;
  /** Applies one live `log` event. */
  applyLive(entries: readonly LogEntryDTO[], dropped: number): void;
  /** Empties the view (the core keeps its lines). */
  clear(): void;
}

/** True when `entry` passes `filter`. */
export function matches(entry: LogEntryDTO, filter: LogFilter): boolean {
  return LOG_LEVEL_ORDER.indexOf(entry.level) >= LOG_LEVEL_ORDER.indexOf(filter.level) && (filter.component === null || entry.component === filter.component);
}

/** Appends `more` to `entries`, keeping the newest `limit`. */
export function appendBounded(entries: readonly LogEntryDTO[], more: readonly LogEntryDTO[], limit = LOG_LIMIT): LogEntryDTO[] {
  const all = [...entries, ...more];
  return all.length > limit ? all.slice(all.length - limit) : all;
}

/** Creates the logs store. */
export function createLogsStore({ client }: StoreDeps): StoreApi<LogsState> {
  let seq = 0;
  // The newest line's time ever shown: catching up starts after it, so lines removed by clear() stay away.
  let newest: string | undefined;
  return createStore<LogsState>()((set, get) => {
    const seen = (entries: readonly LogEntryDTO[]): readonly LogEntryDTO[] => {
      const last = entries.at(-1)?.time;
      if (last && (!newest || last > newest)) newest = last;
      return entries;
    };
    const fetchLines = async (since?: string): Promise<void> => {
      const mine = ++seq;
      const { filter } = get();
      set({ state: get().state === 'ready' ? 'ready' : 'loading', error: null });
      try {
        const { logs } = await client.listLogs({
          level: filter.level,
          ...(filter.component ? { component: filter.component } : {}),
          ...(since ? { since } : {}),
          limit: LOG_LIMIT,
        });
        if (mine !== seq) return;
        if (!since) newest = undefined;
        seen(logs);
        set(since ? { entries: appendBounded(get().entries, logs), state: 'ready' } : { entries: logs, dropped: 0, state: 'ready' });
      } catch (e) {
        if (mine === seq) set({ state: 'error', error: errorOf(e) });
      }
    };
    return {
      entries: [],
      filter: { level: 'info', component: null },
      following: true,
      dropped: 0,
      state: 'idle',
      error: null,
      load: () => fetchLines(),
      setFilter: (f) => {
        set({ filter: { ...get().filter, ...f } });
        return fetchLines();
      },
      setFollowing: async (on) => {
        set({ following: on });
        if (!on || get().state === 'idle') return;
        await fetchLines(get().entries.at(-1)?.time ?? newest);
      },
      applyLive: (entries, dropped) => {
        const s = get();
        if (!s.following || s.state === 'idle') return;
        const fresh = entries.filter((e) => matches(e, s.filter));
        if (fresh.length === 0 && dropped === 0) return;
        set({ entries: appendBounded(s.entries, seen(fresh)), dropped: s.dropped + dropped });
      },
      clear: () => set({ entries: [], dropped: 0 }),
    };
  });
}
