/** The proxy's public seams: what route handlers (OpenAI, Ollama, cloud) call and implement. */
import type { RouteTarget } from '../../balancer/types.js';
import type { RequestContext } from '../http.js';
import type { RoutingSnapshot } from '../routing.js';
import type { ResponseTransform, StreamFailure } from './transform.js';
import type { UpstreamPools } from './upstream.js';
import type { UsageTap } from './usage.js';

/** The upstream request built for one chosen target. */
export interface PreparedRequest {
  /** Path under the endpoint's base URL, e.g. `/v1/chat/completions` or `/api/chat`. */
  readonly path: string;
  readonly body: Buffer | string;
  readonly contentType?: string;
  readonly transform?: ResponseTransform;
  /** Overrides the usage reader chosen from the response content type (null: none). */
  readonly usageTap?: UsageTap | null;
}

/** Options of `proxyToModel`: route `model`, send `body` to `path`, stream the answer back. */
export interface ProxyToModelOptions {
  readonly ctx: RequestContext;
  /** The model name the client asked for (an alias or a real name). */
  readonly model: string;
  /** Whether the client asked for a stream (read from the body, never from `Accept`). */
  readonly stream: boolean;
  /** Upstream path, or a function of the target (e.g. Ollama endpoints get `/api/chat`, others `/v1/chat/completions`). */
  readonly path: string | ((t: RouteTarget) => string);
  /**
   * Raw bytes are forwarded unchanged when the target's upstream model equals `model`; an object is
   * serialised with `model` set to the target's upstream name. A function builds it per target.
   */
  readonly body: Buffer | Record<string, unknown> | ((t: RouteTarget) => Buffer | Record<string, unknown>);
  readonly transform?: ResponseTransform | ((t: RouteTarget) => ResponseTransform | undefined);
  readonly usageTap?: (t: RouteTarget) => UsageTap | null;
  /** Which surface, for the request log (default `openai`). */
  readonly api?: 'openai' | 'ollama';
  /** Path shown in the request log (default: the client's path). */
  readonly logPath?: string;
  /** Epoch ms when the request arrived (default: now), for latency/TTFT. */
  readonly receivedAt?: number;
  /** Tokens the request needs (prompt estimate + reserved output): targets whose known context window is smaller are avoided. */
  readonly contextTokens?: number;
  /** Bytes ending a failed committed stream when no transform supplies them (default: OpenAI SSE error event for SSE, else the connection is cut). */
  readonly streamError?: (f: StreamFailure) => string | null;
  /** The client's parsed body, read only to build the prompt preview of the per-request debug log line. */
  readonly debugBody?: unknown;
}

/** What the gateway core offers other surfaces (`ctx.services.modelProxy`). */
export interface ModelProxy {
  /** Routes to an online endpoint serving `model`, with failover before the first byte; resolves when the response is done. */
  proxyToModel(opts: ProxyToModelOptions): Promise<void>;
  /** The current routing snapshot (every known model with its endpoints and online targets). */
  snapshot(): RoutingSnapshot;
  /** The per-endpoint upstream pools, for plain passthrough calls (e.g. Ollama `/api/show`). */
  readonly pools: UpstreamPools;
}

/** The OpenAI inference routes a cloud router may take over. */
export type OpenAiKind = 'chat' | 'completions' | 'embeddings' | 'responses';

/** A parsed `/v1` request body. */
export interface ParsedRequest {
  /** The client's bytes, unchanged. */
  readonly raw: Buffer;
  readonly json: Readonly<Record<string, unknown>>;
  readonly model: string;
  readonly stream: boolean;
  /** Epoch ms when the request arrived. */
  readonly receivedAt: number;
}

/** One item of `GET /v1/models`. */
export interface OpenAiModel {
  readonly id: string;
  readonly object: 'model';
  readonly created: number;
  readonly owned_by: string;
}

/**
 * Cloud providers (`openai:`, `google:`, `anthropic:` prefixes), set as `ctx.services.cloud` by the
 * cloud subsystem. `/v1` handlers ask it first; `/v1/models` appends its list.
 */
export interface CloudRouter {
  handles(model: string): boolean;
  proxy(kind: OpenAiKind, ctx: RequestContext, body: ParsedRequest): Promise<void>;
  listModels?(): readonly OpenAiModel[] | Promise<readonly OpenAiModel[]>;
}

/** Reads the cloud router from the services bag (set lazily by its subsystem, so read at call time). */
export function cloudRouterOf(services: Readonly<Record<string, unknown>>): CloudRouter | undefined {
  const c = services.cloud as CloudRouter | undefined;
  return c && typeof c.handles === 'function' && typeof c.proxy === 'function' ? c : undefined;
}

/** Reads the model proxy from the services bag (for the Ollama surface). */
export function modelProxyOf(services: Readonly<Record<string, unknown>>): ModelProxy | undefined {
  const p = services.modelProxy as ModelProxy | undefined;
  return p && typeof p.proxyToModel === 'function' ? p : undefined;
}
