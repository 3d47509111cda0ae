/** Upstream HTTP: one keep-alive undici Pool per endpoint, closed when the endpoint goes or moves. */
import { Pool, type Dispatcher } from 'undici';
import type { EndpointRecord, RegistryChange } from '../../registry/endpoints.js';

/** One request to an endpoint. */
export interface UpstreamRequest {
  readonly endpoint: EndpointRecord;
  /** Path under the endpoint's base URL, e.g. `/v1/chat/completions`. */
  readonly path: string;
  readonly method?: Dispatcher.HttpMethod;
  readonly body?: Buffer | string;
  readonly apiKey: string | null;
  readonly signal?: AbortSignal;
  readonly contentType?: string;
  /** Sent as `x-request-id`, so upstream logs can be matched with ours. */
  readonly requestId?: string;
}

/** The response of an upstream request (undici's, body not yet read). */
export type UpstreamResponse = Dispatcher.ResponseData;

interface PoolEntry {
  readonly baseUrl: string;
  readonly prefix: string;
  readonly pool: Pool;
}

/** Request headers of the common cases, shared (undici only reads them). */
const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});
const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'content-type': 'application/json' });

/** Pool tuning (tests shorten the connect timeout). */
export interface PoolOptions {
  readonly connectTimeoutMs?: number;
}

/** Keeps one Pool per endpoint and sends requests through it. */
export class UpstreamPools {
  readonly #pools = new Map<string, PoolEntry>();
  readonly #connectTimeout: number;
  #closed = false;

  constructor(opts: PoolOptions = {}) {
    this.#connectTimeout = opts.connectTimeoutMs ?? 5_000;
  }

  /**
   * Sends a request. `inference_timeout_secs` bounds both the wait for headers (a non-stream answer
   * arrives only when generation is done) and every gap between body chunks (a stalled stream).
   */
  request(req: UpstreamRequest): Promise<UpstreamResponse> {
    const { pool, prefix } = this.#poolFor(req.endpoint);
    const timeout = req.endpoint.inference_timeout_secs * 1000;
    let headers: Readonly<Record<string, string>>;
    if (!req.apiKey && !req.requestId && (req.contentType === undefined || req.contentType === 'application/json')) {
      headers = req.body === undefined ? NO_HEADERS : JSON_HEADERS;
    } else {
      const h: Record<string, string> = {};
      if (req.body !== undefined) h['content-type'] = req.contentType ?? 'application/json';
      if (req.apiKey) h.authorization = `Bearer ${req.apiKey}`;
      if (req.requestId) h['x-request-id'] = req.requestId;
      headers = h;
    }
    return pool.request({
      path: prefix + req.path,
      method: req.method ?? 'POST',
      headers,
      body: req.body ?? null,
      signal: req.signal ?? null,
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
  }

  /** Reacts to registry changes: a deleted endpoint or a new base URL closes the old pool. */
  onRegistryChange(c: RegistryChange): void {
    if (c.kind === 'deleted') this.drop(c.endpoint.id);
    else if (c.kind === 'updated' && c.previous && c.previous.base_url !== c.endpoint.base_url) this.drop(c.endpoint.id);
  }

  /** Closes an endpoint's pool; in-flight requests on it finish first (undici's close is graceful). */
  drop(endpointId: string): void {
    const e = this.#pools.get(endpointId);
    if (!e) return;
    this.#pools.delete(endpointId);
    void e.pool.close().catch(() => undefined);
  }

  /** Number of open pools (for tests and metrics). */
  size(): number {
    return this.#pools.size;
  }

  /** Closes every pool; requests still running are cut. */
  async close(): Promise<void> {
    this.#closed = true;
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((e) => e.pool.destroy().catch(() => undefined)));
  }

  #poolFor(ep: EndpointRecord): PoolEntry {
    const existing = this.#pools.get(ep.id);
    if (existing && existing.baseUrl === ep.base_url) return existing;
    if (existing) this.drop(ep.id);
    if (this.#closed) throw Object.assign(new Error('upstream pools are closed'), { code: 'UND_ERR_CLOSED' });
    const url = new URL(ep.base_url);
    const entry: PoolEntry = {
      baseUrl: ep.base_url,
      prefix: url.pathname.replace(/\/+$/, ''),
      pool: new Pool(url.origin, {
        connect: { timeout: this.#connectTimeout },
        // Below the 5 s idle timeout of llama.cpp and Node servers, so we rarely reuse a socket the
        // server is closing; keep-alive hints from the server still override it.
        keepAliveTimeout: 4_000,
        keepAliveMaxTimeout: 60_000,
      }),
    };
    this.#pools.set(ep.id, entry);
    return entry;
  }
}
