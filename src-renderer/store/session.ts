/** Session: which transport, whether the web transport needs an admin key, and the live-event connection. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KeyStore } from '../api/transport';

/** Connection state of the live events. */
export type LiveState = 'connecting' | 'open' | 'closed';

/** State and actions of the session store. */
export interface SessionState {
  readonly transport: 'ipc' | 'http';
  /** True when the web transport has no accepted key and must ask for one. */
  readonly needKey: boolean;
  /** Set when a key was sent and refused (shown by the prompt). */
  readonly keyRejected: boolean;
  /** Bumped whenever a new key is entered: everything reloads and resubscribes. */
  readonly epoch: number;
  readonly live: LiveState;
  submitKey(key: string): void;
  /** Called on any 401: forget the key and ask again. */
  unauthorized(): void;
  signOut(): void;
  setLive(live: LiveState): void;
}

/** Creates the session store. `keys` is null for IPC, which needs no key. */
export function createSessionStore(transport: 'ipc' | 'http', keys: KeyStore | null): StoreApi<SessionState> {
  const hasKey = keys === null || Boolean(keys.get());
  return createStore<SessionState>()((set, get) => ({
    transport,
    needKey: !hasKey,
    keyRejected: false,
    epoch: 0,
    live: 'connecting',
    submitKey: (key) => {
      const trimmed = key.trim();
      if (!keys || !trimmed) return;
      keys.set(trimmed);
      set({ needKey: false, keyRejected: false, epoch: get().epoch + 1, live: 'connecting' });
    },
    unauthorized: () => {
      if (!keys || get().needKey) return;
      const hadKey = Boolean(keys.get());
      keys.clear();
      set({ needKey: true, keyRejected: hadKey, live: 'closed' });
    },
    signOut: () => {
      if (!keys) return;
      keys.clear();
      set({ needKey: true, keyRejected: false, live: 'closed' });
    },
    setLive: (live) => set({ live }),
  }));
}
