/**
 * Messages the stores hand to the UI without translating them (a key and its variables), so a notice or an
 * error already on screen follows a language switch. Errors keep their code; the UI words each code itself.
 */
import type { ParseKeys, TFunction } from 'i18next';

/** A key of the catalogs (a typo is a compile error). */
export type MsgKey = ParseKeys;

/** A failed call as the UI needs it: the stable code and the server's (English) detail. */
export interface ErrorInfo {
  readonly code: string;
  readonly message: string;
}

/** A message variable: plain text or a number, another message, or an error to word. */
export type MsgVar = string | number | Msg | ErrorInfo;

/** A translatable message. */
export interface Msg {
  readonly key: MsgKey;
  readonly vars?: Readonly<Record<string, MsgVar>>;
}

/** Builds a message. */
export function msg(key: MsgKey, vars?: Readonly<Record<string, MsgVar>>): Msg {
  return vars ? { key, vars } : { key };
}

/** Codes whose detail is a fixed English phrase made up by the client or the core, not worth repeating. */
const GENERIC_DETAIL = new Set(['internal_error', 'network_error', 'bad_response', 'ipc_failed']);

/** `t` without its per-key typing, for keys only known at run time (checked against the catalog first). */
type LooseT = (key: string, options?: Record<string, unknown>) => string;

/** The code's localised wording, plus the server's detail when it says more (e.g. which field was invalid). */
export function errorText(t: TFunction, e: ErrorInfo): string {
  const loose = t as unknown as LooseT;
  const key = `errors.${e.code}`;
  const known = loose(key, { defaultValue: '' });
  const message = known || loose('errors.unknown');
  const detail = e.message.trim();
  if (!detail || detail === message || (known && GENERIC_DETAIL.has(e.code))) return message;
  return loose('errors.withDetail', { message, detail });
}

function isMsg(v: MsgVar): v is Msg {
  return typeof v === 'object' && 'key' in v;
}

/** The message in `t`'s language; nested messages and errors are worded first. */
export function renderMsg(t: TFunction, m: Msg): string {
  const vars: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(m.vars ?? {})) {
    vars[name] = typeof v !== 'object' ? v : isMsg(v) ? renderMsg(t, v) : errorText(t, v);
  }
  return (t as unknown as LooseT)(m.key, vars);
}
