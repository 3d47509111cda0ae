/** Types of model sync, and the one HTTP helper every per-type fetcher uses. */
import type { Capability } from '../admin/types.js';
import { AppError } from '../util/errors.js';
import { ProbeError, type ProbeResult, joinUrl, probeRequest } from '../util/probe.js';

/** A model as an upstream lists it, with what llmlb could learn about it. */
export interface RemoteModel {
  readonly model_id: string;
  readonly capabilities: Capability[];
  /** Runtime window the server will actually use (SPEC §3 "max tokens"), or null. */
  readonly max_tokens: number | null;
  /** Architecture/training maximum, or null. */
  readonly context_length: number | null;
  /** Where the numbers came from, e.g. `ollama:/api/show` (`<type>:name` for name heuristics only). */
  readonly metadata_source: string;
  /** Type-specific facts later features need (Ollama details, LM Studio arch, vLLM root/parent…). */
  readonly details: Record<string, unknown>;
}

/** Metadata of one model (`GET /v0/endpoints/:id/models/:m/info`). */
export interface ModelInfo {
  readonly max_tokens: number | null;
  readonly context_length: number | null;
  readonly source: string;
}

/** Where to sync from. */
export interface SyncTarget {
  readonly baseUrl: string;
  readonly apiKey: string | null;
}

/** Bounds of the sync requests. */
export interface SyncOptions {
  /** Per request (default 10 s). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Default bound of one sync request. */
export const SYNC_TIMEOUT_MS = 10_000;

/** Calls one upstream route; network failures become `endpoint_unreachable`. Any HTTP status resolves. */
export async function call(
  target: SyncTarget,
  path: string,
  opts: SyncOptions,
  init: { method?: 'GET' | 'POST'; body?: unknown } = {},
): Promise<ProbeResult> {
  try {
    return await probeRequest(joinUrl(target.baseUrl, path), {
      method: init.method ?? 'GET',
      body: init.body,
      timeoutMs: opts.timeoutMs ?? SYNC_TIMEOUT_MS,
      apiKey: target.apiKey,
      signal: opts.signal,
    });
  } catch (e) {
    const why = e instanceof ProbeError ? e.message : 'request failed';
    throw new AppError('endpoint_unreachable', `${init.method ?? 'GET'} ${path}: ${why}`, { cause: e });
  }
}

/**
 * The JSON object of a 2xx answer whose body has no `error` field (LM Studio answers unknown routes
 * 200 + error), else null.
 */
export function okObject(r: ProbeResult): Record<string, unknown> | null {
  if (!r.ok) return null;
  const o = asObject(r.json);
  return o && !('error' in o) ? o : null;
}

/** Like `call` + `okObject`, but anything else than a usable object is `endpoint_unreachable`. */
export async function callOk(target: SyncTarget, path: string, opts: SyncOptions, init: { method?: 'GET' | 'POST'; body?: unknown } = {}): Promise<Record<string, unknown>> {
  const r = await call(target, path, opts, init);
  const o = okObject(r);
  if (o) return o;
  throw new AppError('endpoint_unreachable', `${init.method ?? 'GET'} ${path}: ${describe(r)}`);
}

/** `HTTP 401 (API key rejected)`-style summary of an unusable answer. */
export function describe(r: ProbeResult): string {
  if (r.status === 401 || r.status === 403) return `HTTP ${r.status} (API key missing or rejected)`;
  if (!r.ok) return `HTTP ${r.status}`;
  return 'unexpected response body';
}

/** A plain JSON object, or null. */
export function asObject(x: unknown): Record<string, unknown> | null {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : null;
}

/** Objects of an array field, or null when it is not an array. */
export function objects(x: unknown): Record<string, unknown>[] | null {
  if (!Array.isArray(x)) return null;
  return x.map(asObject).filter((o): o is Record<string, unknown> => o !== null);
}

/** A positive integer, or null (upstreams send 0 or -1 for "unknown"). */
export function posInt(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) && x > 0 ? Math.floor(x) : null;
}

/** Keeps the first of each id (some servers list a model twice). */
export function uniqueById(models: readonly RemoteModel[]): RemoteModel[] {
  const seen = new Set<string>();
  return models.filter((m) => (seen.has(m.model_id) ? false : (seen.add(m.model_id), true)));
}

/** Maps with at most `limit` calls in flight (per-model metadata calls must not flood a small server). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Re-throws when the caller cancelled; used where a per-model failure is otherwise tolerated. */
export function rethrowIfAborted(opts: SyncOptions, e: unknown): void {
  if (opts.signal?.aborted) throw e;
}
