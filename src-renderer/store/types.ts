/** Shared shapes of the stores. */
import { ClientError, type LlmlbClient } from '../api/client';
import type { ErrorInfo, Msg } from '../i18n/message';

/** Where a fetched collection is. */
export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

/** A fetched value with its state. */
export interface Loadable<T> {
  readonly state: LoadState;
  readonly value: T | null;
  readonly error: ErrorInfo | null;
}

/** A loadable that has not been asked for yet. */
export const IDLE: Loadable<never> = { state: 'idle', value: null, error: null };

/** A user-facing notice kind. */
export type NoticeKind = 'info' | 'success' | 'error';

/** Shows a short notice to the user (toast), worded in the UI's language when shown. */
export type Notify = (kind: NoticeKind, message: Msg) => void;

/** What every store is built from. */
export interface StoreDeps {
  readonly client: LlmlbClient;
  readonly notify: Notify;
}

/** The error code and detail of anything a call rejected with (the UI words the code in its language). */
export function errorOf(e: unknown): ErrorInfo {
  if (e instanceof ClientError) return { code: e.code, message: e.message };
  return { code: 'unknown', message: e instanceof Error ? e.message : String(e) };
}

/** The untranslated detail of anything a call rejected with; prefer {@link errorOf}, which the UI can localise. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
