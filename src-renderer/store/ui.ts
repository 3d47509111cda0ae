/** UI state: current page, theme and notices. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Msg } from '../i18n/message';
import { parseHash, type Route } from '../lib/route';
import type { NoticeKind } from './types';

/** The theme choice; 'system' follows prefers-color-scheme. */
export type ThemeChoice = 'system' | 'light' | 'dark';

/** One toast. */
export interface Notice {
  readonly id: number;
  readonly kind: NoticeKind;
  readonly message: Msg;
}

/** State and actions of the UI store. */
export interface UiState {
  readonly route: Route;
  readonly theme: ThemeChoice;
  readonly notices: readonly Notice[];
  navigate(route: Route): void;
  setTheme(theme: ThemeChoice): void;
  notify(kind: NoticeKind, message: Msg): void;
  dismiss(id: number): void;
}

/** Where the theme choice persists (localStorage in the app, a map in tests). */
export interface ThemeStorage {
  get(): string | null;
  set(value: string): void;
}

/** How long a toast stays (errors twice as long). */
const NOTICE_MS = 5000;
const MAX_NOTICES = 4;

/** Creates the UI store. */
export function createUiStore(opts: { storage?: ThemeStorage; initialHash?: string } = {}): StoreApi<UiState> {
  const stored = opts.storage?.get();
  const theme: ThemeChoice = stored === 'light' || stored === 'dark' ? stored : 'system';
  let nextId = 1;
  return createStore<UiState>()((set, get) => ({
    route: parseHash(opts.initialHash ?? ''),
    theme,
    notices: [],
    navigate: (route) => set({ route }),
    setTheme: (t) => {
      opts.storage?.set(t);
      set({ theme: t });
    },
    notify: (kind, message) => {
      const id = nextId++;
      set({ notices: [...get().notices, { id, kind, message }].slice(-MAX_NOTICES) });
      setTimeout(() => get().dismiss(id), kind === 'error' ? NOTICE_MS * 2 : NOTICE_MS);
    },
    dismiss: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
  }));
}
