/** Small HTTP helpers of the download drivers: bounded JSON calls, error descriptions, an abortable sleep. */
import { type Dispatcher, request } from 'undici';
import type { Clock } from '../util/time.js';

/** A node's answer, whatever its status; `json` is null when the body is not JSON. */
export interface NodeResponse {
  readonly status: number;
  readonly json: unknown;
  readonly text: string;
}

/** Options of one bounded call. */
export interface CallOptions {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly body?: unknown;
  readonly apiKey: string | null;
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

const MAX_BODY = 1024 * 1024;

/** Request headers for a node (JSON, optional bearer key). */
export function nodeHeaders(apiKey: string | null, json: boolean): Record<string, string> {
  const h: Record<string, string> = { accept: 'application/json', 'user-agent': 'llmlb' };
  if (json) h['content-type'] = 'application/json';
  if (apiKey) h.authorization = `Bearer ${apiKey}`;
  return h;
}

/** One JSON call bounded by `timeoutMs`; resolves for any HTTP status, throws on network errors and aborts. */
export async function callJson(url: string, opts: CallOptions): Promise<NodeResponse> {
  const local = new AbortController();
  const timer = opts.clock.setTimeout(() => local.abort(new TimeoutError(opts.timeoutMs)), opts.timeoutMs);
  const onAbort = (): void => local.abort(opts.signal?.reason);
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await request(url, {
      method: opts.method,
      headers: nodeHeaders(opts.apiKey, opts.body !== undefined),
      body: opts.body === undefined ? null : JSON.stringify(opts.body),
      signal: local.signal,
      dispatcher: opts.dispatcher,
    });
    const text = await readCapped(res.body);
    return { status: res.statusCode, json: parseJson(text), text };
  } catch (e) {
    if (local.signal.reason instanceof TimeoutError) throw local.signal.reason;
    throw e;
  } finally {
    opts.clock.clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** A call that got no answer in time. */
export class TimeoutError extends Error {
  readonly code = 'LLMLB_TIMEOUT';
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** A short human description of a network failure, chosen by error code (never by message text). */
export function describeError(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return 'connection closed by the node';
    case 'LLMLB_TIMEOUT':
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return 'the node did not answer in time';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    default:
      return 'request to the node failed';
  }
}

/** The error message a node put in its body (`{"error":"…"}` or `{"error":{"message":"…"}}`), else `HTTP <status>`. */
export function nodeErrorMessage(res: NodeResponse): string {
  const err = (res.json as { error?: unknown } | null)?.error;
  if (typeof err === 'string' && err) return err;
  const msg = (err as { message?: unknown } | null | undefined)?.message;
  if (typeof msg === 'string' && msg) return msg;
  return `the node answered HTTP ${res.status}`;
}

/** Waits `ms` on the injected clock; resolves early when `signal` aborts. */
export function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clock.clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = clock.setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Reads a body up to 1 MiB (the rest is discarded). */
export async function readCapped(body: AsyncIterable<Buffer | string> & { destroy?(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of body) {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    size += b.length;
    if (size > MAX_BODY) {
      body.destroy?.();
      break;
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
