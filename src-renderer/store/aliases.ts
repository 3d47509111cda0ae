/** Aliases: the stored ones, the suggested groupings, and the writes (create, edit, delete, accept). */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AliasDTO, AliasSuggestionDTO, CreateAliasInput, UpdateAliasInput } from '../../src-main/aliases/types';
import { msg, type ErrorInfo, type MsgKey } from '../i18n/message';
import { errorOf, type LoadState, type StoreDeps } from './types';

/** State and actions of the aliases store. */
export interface AliasesState {
  readonly aliases: readonly AliasDTO[];
  readonly suggestions: readonly AliasSuggestionDTO[];
  readonly state: LoadState;
  readonly error: ErrorInfo | null;
  readonly saving: boolean;
  /** Why the last create/edit failed (shown in the form), cleared on the next try. */
  readonly saveError: ErrorInfo | null;
  /** Aliases being deleted and suggestions being accepted, by name / id. */
  readonly busy: Readonly<Record<string, boolean | undefined>>;
  /** Loads aliases and suggestions together. */
  load(): Promise<void>;
  create(input: CreateAliasInput): Promise<boolean>;
  update(alias: string, input: UpdateAliasInput): Promise<boolean>;
  remove(alias: string): Promise<void>;
  /** Accepts a suggestion under its proposed name or `alias`. */
  accept(id: string, alias?: string): Promise<void>;
  clearSaveError(): void;
}

/** Creates the aliases store. */
export function createAliasesStore({ client, notify }: StoreDeps): StoreApi<AliasesState> {
  let seq = 0;
  return createStore<AliasesState>()((set, get) => {
    const setBusy = (key: string, on: boolean): void => set({ busy: { ...get().busy, [key]: on } });
    const save = async (run: () => Promise<AliasDTO>, done: MsgKey): Promise<boolean> => {
      set({ saving: true, saveError: null });
      try {
        const a = await run();
        notify('success', msg(done, { alias: a.alias }));
        void get().load();
        return true;
      } catch (e) {
        set({ saveError: errorOf(e) });
        return false;
      } finally {
        set({ saving: false });
      }
    };
    return {
      aliases: [],
      suggestions: [],
      state: 'idle',
      error: null,
      saving: false,
      saveError: null,
      busy: {},
      load: async () => {
        const mine = ++seq;
        set({ state: get().state === 'ready' ? 'ready' : 'loading', error: null });
        try {
          const [{ aliases }, { suggestions }] = await Promise.all([client.listAliases(), client.aliasSuggestions()]);
          if (mine === seq) set({ aliases, suggestions, state: 'ready' });
        } catch (e) {
          if (mine === seq) set({ state: 'error', error: errorOf(e) });
        }
      },
      create: (input) => save(() => client.createAlias(input), 'toast.aliasCreated'),
      update: (alias, input) => save(() => client.updateAlias(alias, input), 'toast.aliasSaved'),
      remove: async (alias) => {
        setBusy(alias, true);
        try {
          await client.deleteAlias(alias);
          set({ aliases: get().aliases.filter((a) => a.alias !== alias) });
          notify('success', msg('toast.aliasDeleted', { alias }));
          void get().load();
        } catch (e) {
          notify('error', msg('toast.aliasDeleteFailed', { alias, error: errorOf(e) }));
        } finally {
          setBusy(alias, false);
        }
      },
      accept: async (id, alias) => {
        setBusy(id, true);
        try {
          const a = await client.acceptAliasSuggestion(alias ? { suggestion_id: id, alias } : { suggestion_id: id });
          set({ suggestions: get().suggestions.filter((s) => s.id !== id) });
          notify('success', msg('toast.aliasCreated', { alias: a.alias }));
          void get().load();
        } catch (e) {
          notify('error', msg('toast.aliasAcceptFailed', { error: errorOf(e) }));
          void get().load();
        } finally {
          setBusy(id, false);
        }
      },
      clearSaveError: () => set({ saveError: null }),
    };
  });
}
