/** Shared shapes of the stores. */
import type { LlmlbClient } from '../api/client';

/** Where a fetched collection is. */
export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

/** A fetched value with its state. */
export interface Loadable<T> {
  readonly state: LoadState;
  readonly value: T | null;
  readonly error: string | null;
}

/** A loadable that has not been asked for yet. */
export const IDLE: Loadable<never> = { state: 'idle', value: null, error: null };

/** A user-facing notice kind. */
export type NoticeKind = 'info' | 'success' | 'error';

/** Shows a short notice to the user (toast). */
export type Notify = (kind: NoticeKind, text: string) => void;

/** What every store is built from. */
export interface StoreDeps {
  readonly client: LlmlbClient;
  readonly notify: Notify;
}

/** The message to show for anything a call rejected with. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
