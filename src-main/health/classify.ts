/** Pure health logic: what a probe outcome means (classify) and how it moves an endpoint's status (nextState). */
import type { EndpointStatus } from '../admin/types.js';
import { assertNever } from '../util/errors.js';

/** Network-level failure codes (no HTTP response at all). */
export type NetworkCode = 'refused' | 'reset' | 'timeout' | 'dns' | 'other';

/** What one health probe observed, as plain data. */
export type ProbeOutcome =
  | {
      readonly kind: 'http';
      readonly status: number;
      /** Parsed JSON body; null (or undefined) when the body is empty or not JSON. */
      readonly json: unknown;
      readonly text: string;
      readonly latencyMs: number;
      /** True when the probed route answers JSON (so a non-JSON 2xx is a broken server, not a healthy one). */
      readonly expectJson: boolean;
    }
  | { readonly kind: 'network'; readonly code: NetworkCode; readonly message: string };

/** The meaning of a probe: healthy, or one of the failure kinds the status machine treats differently. */
export type CheckResult =
  | { readonly kind: 'ok'; readonly latencyMs: number }
  /** No response: refused, reset, timeout, DNS. */
  | { readonly kind: 'unreachable'; readonly reason: string }
  /** 401/403: reachable, but the key is wrong or missing; never "offline". */
  | { readonly kind: 'auth'; readonly reason: string }
  /** 503 while a model loads: reachable but not ready. */
  | { readonly kind: 'loading'; readonly reason: string }
  /** Any other bad answer (5xx, 404, an `error` body, garbage). */
  | { readonly kind: 'failed'; readonly reason: string };

/** The status fields a transition reads. */
export interface HealthState {
  readonly status: EndpointStatus;
  readonly error_count: number;
}

/** The status fields a transition writes; `last_seen`/`latency_ms` only on success. */
export interface HealthPatch {
  readonly status: EndpointStatus;
  readonly error_count: number;
  readonly last_error: string | null;
  readonly last_seen?: string;
  readonly latency_ms?: number;
}

/** Reason text used for 503 "model loading" answers (the UI and tests look for it). */
export const LOADING_REASON = 'model loading';

/** Turns a probe outcome into a check result. */
export function classify(o: ProbeOutcome): CheckResult {
  if (o.kind === 'network') return { kind: 'unreachable', reason: networkReason(o.code, o.message) };
  const detail = errorMessage(o.json) ?? (o.json == null ? o.text.trim().slice(0, 200) || null : null);
  if (o.status === 401 || o.status === 403) {
    return {
      kind: 'auth',
      reason: `API key rejected (HTTP ${o.status}): the endpoint's API key is wrong or missing${detail ? ` (${detail})` : ''}`,
    };
  }
  if (o.status === 503) {
    // llama.cpp says "Loading model"; Ollama and vLLM answer a bare 503 while busy or starting.
    const said = detail && !/load/i.test(detail) ? ` (HTTP 503: ${detail})` : '';
    return { kind: 'loading', reason: `${LOADING_REASON}${said}` };
  }
  if (o.status < 200 || o.status >= 300) return { kind: 'failed', reason: `HTTP ${o.status}${detail ? `: ${detail}` : ''}` };
  // LM Studio answers unknown routes with 200 + {"error": ...}: a 2xx carrying an error is a failure.
  const err = errorMessage(o.json);
  if (err !== null) return { kind: 'failed', reason: `upstream error: ${err}` };
  if (o.expectJson && (o.json == null || typeof o.json !== 'object')) {
    return { kind: 'failed', reason: `HTTP ${o.status} but the body is not JSON` };
  }
  return { kind: 'ok', latencyMs: o.latencyMs };
}

/** The status after a check result (SPEC §4); pure, `nowIso` stamps `last_seen` on success. */
export function nextState(current: HealthState, r: CheckResult, nowIso: string): HealthPatch {
  const errors = current.error_count + 1;
  switch (r.kind) {
    case 'ok':
      return { status: 'online', error_count: 0, last_error: null, last_seen: nowIso, latency_ms: r.latencyMs };
    case 'auth':
      return { status: 'error', error_count: errors, last_error: r.reason };
    case 'loading':
      return { status: current.status === 'pending' ? 'pending' : 'error', error_count: errors, last_error: r.reason };
    case 'unreachable':
    case 'failed':
      return { status: failedStatus(current), error_count: errors, last_error: r.reason };
    default:
      return assertNever(r);
  }
}

/** Failure from pending → offline; the first failure of an online endpoint → error; the next (from error) → offline. */
function failedStatus(current: HealthState): EndpointStatus {
  return current.status === 'online' ? 'error' : 'offline';
}

function networkReason(code: NetworkCode, message: string): string {
  switch (code) {
    case 'refused':
      return 'connection refused';
    case 'reset':
      return 'connection reset';
    case 'timeout':
      return 'timed out';
    case 'dns':
      return `host not found${message ? ` (${message})` : ''}`;
    case 'other':
      return message || 'connection failed';
    default:
      return assertNever(code);
  }
}

/** The `error` of a JSON body: a string, or `{message}` (OpenAI / llama.cpp shape); null when absent. */
export function errorMessage(json: unknown): string | null {
  if (json === null || typeof json !== 'object' || Array.isArray(json) || !('error' in json)) return null;
  const e = (json as { error: unknown }).error;
  if (e === null || e === undefined || e === false) return null;
  if (typeof e === 'string') return e;
  if (typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
  return JSON.stringify(e).slice(0, 200);
}
