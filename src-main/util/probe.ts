/** A small, bounded HTTP helper for probing upstreams (type detection, health checks, model sync). */
import { type Dispatcher, request } from 'undici';

/** Why a probe got no HTTP response. */
export type ProbeErrorCode = 'refused' | 'reset' | 'timeout' | 'dns' | 'other';

/** A probe that got no usable HTTP response; `code` is stable, the message is for humans. */
export class ProbeError extends Error {
  readonly code: ProbeErrorCode;

  constructor(code: ProbeErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProbeError';
    this.code = code;
  }
}

/** An HTTP response, whatever its status. `json` is null when the body is not JSON. */
export interface ProbeResult {
  /** 2xx. */
  readonly ok: boolean;
  readonly status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly json: unknown;
  readonly text: string;
  /** From sending the request to the end of the body. */
  readonly latencyMs: number;
}

/** Options of a probe. */
export interface ProbeOptions {
  /** Bound on the whole exchange: connect, headers and body. */
  readonly timeoutMs: number;
  /** Sent as `Authorization: Bearer`; omit where the endpoint type does not need it. */
  readonly apiKey?: string | null;
  /** Caller's cancellation (e.g. an overall deadline or shutdown). */
  readonly signal?: AbortSignal;
  /** Defaults to undici's global dispatcher. */
  readonly dispatcher?: Dispatcher;
  /** Body size cap (default 4 MiB); larger bodies fail with code `other`. */
  readonly maxBodyBytes?: number;
}

/** Options of a probe with a method and a JSON body. */
export interface ProbeRequestOptions extends ProbeOptions {
  readonly method?: 'GET' | 'POST' | 'HEAD';
  readonly body?: unknown;
}

/** Default body cap of a probe. */
export const PROBE_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** `GET url`, bounded by `timeoutMs`; resolves for any HTTP status, throws `ProbeError` otherwise. */
export function probeGet(url: string, opts: ProbeOptions): Promise<ProbeResult> {
  return probeRequest(url, { ...opts, method: 'GET' });
}

/** Like `probeGet` with a method and an optional JSON body (e.g. Ollama's `POST /api/show`). */
export async function probeRequest(url: string, opts: ProbeRequestOptions): Promise<ProbeResult> {
  const started = performance.now();
  const local = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    local.abort();
  }, opts.timeoutMs);
  const onOuterAbort = (): void => local.abort();
  if (opts.signal?.aborted) local.abort();
  else opts.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'llmlb' };
  if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await request(url, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: local.signal,
      dispatcher: opts.dispatcher,
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
    });
    const text = await readCapped(res.body, opts.maxBodyBytes ?? PROBE_MAX_BODY_BYTES);
    return {
      ok: res.statusCode >= 200 && res.statusCode < 300,
      status: res.statusCode,
      headers: flattenHeaders(res.headers),
      json: parseJson(text),
      text,
      latencyMs: Math.round(performance.now() - started),
    };
  } catch (e) {
    if (e instanceof ProbeError) throw e;
    if (timedOut) throw new ProbeError('timeout', `timed out after ${opts.timeoutMs} ms`, { cause: e });
    if (opts.signal?.aborted) throw new ProbeError('other', 'aborted', { cause: e });
    throw classify(e);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/** Maps a Node/undici error to a ProbeError by its `code` (never by message text). */
export function classify(e: unknown): ProbeError {
  const code = errCode(e);
  switch (code) {
    case 'ECONNREFUSED':
      return new ProbeError('refused', 'connection refused', { cause: e });
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return new ProbeError('reset', 'connection closed by the server', { cause: e });
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return new ProbeError('timeout', 'timed out', { cause: e });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return new ProbeError('dns', 'host not found', { cause: e });
    default:
      return new ProbeError('other', code ? `request failed (${code})` : 'request failed', { cause: e });
  }
}

/** The error's `code`, looking through `cause` and AggregateError (happy-eyeballs connects). */
function errCode(e: unknown, depth = 0): string | null {
  if (typeof e !== 'object' || e === null || depth > 3) return null;
  const c = (e as { code?: unknown }).code;
  if (typeof c === 'string' && c !== '') return c;
  const errors = (e as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.length > 0) return errCode(errors[0], depth + 1);
  return errCode((e as { cause?: unknown }).cause, depth + 1);
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(err?: Error): unknown }, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) {
      body.destroy();
      throw new ProbeError('other', `response body larger than ${max} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** Joins a base URL (trailing slashes ignored) and an absolute path. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}
