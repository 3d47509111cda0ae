/**
 * The UI language: the user's preference (follow the system, English, Japanese) and the language it resolves to.
 * The web dashboard keeps the choice per browser (localStorage); the desktop app keeps it as a core setting, so
 * the tray and native dialogs follow it too (root.ts wires `persist` and adopts the stored value).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { isLanguagePreference, resolveLanguage, type Language, type LanguagePreference } from '../../src-shared/i18n/index.js';

/** State and actions of the language store. */
export interface LanguageState {
  readonly preference: LanguagePreference;
  /** The system's languages, most preferred first (OS locale on desktop, navigator.languages on the web). */
  readonly system: readonly string[];
  /** What the UI shows: the preference, or the first supported system language. */
  readonly language: Language;
  readonly saving: boolean;
  /** Changes the preference at once and keeps it; reverts when it could not be kept. */
  setPreference(preference: LanguagePreference): Promise<void>;
  /** Takes a preference stored elsewhere (the desktop's core setting) without saving it again. */
  adopt(preference: unknown): void;
}

/** Where the web transport keeps the preference. */
export interface LanguageStorage {
  get(): string | null;
  set(value: string): void;
}

/** Options of {@link createLanguageStore}. */
export interface LanguageStoreOptions {
  readonly system: readonly string[];
  /** Per-browser storage (web); absent on desktop, where `persist` saves the core setting. */
  readonly storage?: LanguageStorage;
  /** Saves a new preference elsewhere; resolves false when that failed. */
  readonly persist?: (preference: LanguagePreference) => Promise<boolean>;
}

/** Creates the language store. */
export function createLanguageStore(opts: LanguageStoreOptions): StoreApi<LanguageState> {
  const stored = opts.storage?.get();
  const initial: LanguagePreference = isLanguagePreference(stored) ? stored : 'system';
  const state = (preference: LanguagePreference) => ({ preference, language: resolveLanguage(preference, opts.system) });
  return createStore<LanguageState>()((set, get) => ({
    ...state(initial),
    system: opts.system,
    saving: false,
    setPreference: async (preference) => {
      const before = get().preference;
      if (preference === before) return;
      set({ ...state(preference), saving: true });
      opts.storage?.set(preference);
      const ok = opts.persist ? await opts.persist(preference) : true;
      set(ok ? { saving: false } : { ...state(before), saving: false });
    },
    adopt: (preference) => {
      if (isLanguagePreference(preference) && preference !== get().preference && !get().saving) set(state(preference));
    },
  }));
}
