/** Shared types and small helpers of the fake upstream servers (see shared/UPSTREAMS.md). */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** Which real server a fake imitates. */
export type FakeKind = 'ollama' | 'llamaCpp' | 'vllm' | 'lmStudio' | 'xllm' | 'openai' | 'anthropic' | 'google';

/**
 * Fault modes. `normal` answers; `hang` accepts and never answers; `hangMidStream` sends headers and a
 * few chunks then stalls; `dieMidStream` destroys the socket after a few chunks; `reset` destroys the
 * socket before answering; `error500|503|429` answer with that status in the type's error shape (429
 * with `Retry-After`); `garbage` is a 200 text/plain non-JSON body; `truncatedSse` ends the response
 * cleanly halfway through an event (no final event, no `[DONE]`); `loading` is the type's "model
 * loading" 503; `unauthorized` is the type's 401.
 */
export type FakeMode =
  | 'normal'
  | 'hang'
  | 'hangMidStream'
  | 'dieMidStream'
  | 'reset'
  | 'error500'
  | 'error503'
  | 'error429'
  | 'garbage'
  | 'truncatedSse'
  | 'loading'
  | 'unauthorized';

/** One request as the fake saw it. */
export interface RecordedRequest {
  readonly method: string;
  /** Path without the query string, still percent-encoded as sent. */
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON when the body is JSON, else the raw text ('' when empty). */
  readonly body: unknown;
  /** Epoch ms when the request arrived. */
  readonly at: number;
  /** True when the client went away before the response finished. */
  aborted: boolean;
  /** Epoch ms of the client's abort, else null. */
  abortedAt: number | null;
  /** Epoch ms when the response finished, else null. */
  finishedAt: number | null;
  /** Status the fake answered with (null if it never sent headers). */
  status: number | null;
}

/** A model a fake serves; each fake reads the fields that its real server exposes. */
export interface FakeModel {
  id: string;
  /** Architecture maximum: Ollama `<arch>.context_length`, llama.cpp `n_ctx_train`, vLLM `max_model_len`, LM Studio/xLLM `max_context_length`. */
  contextLength?: number;
  /** Ollama `/api/show` capabilities (completion, tools, vision, embedding, insert, thinking). */
  capabilities?: string[];
  /** Ollama runtime window: `parameters` gets `num_ctx N` only when this is set. */
  numCtx?: number;
  /** LM Studio model type. */
  type?: 'llm' | 'vlm' | 'embeddings';
  arch?: string;
  family?: string;
  parameterSize?: string;
  quantization?: string;
  publisher?: string;
  /** vLLM: base model path; `parent` is set on LoRA adapters. */
  root?: string;
  parent?: string | null;
  /** LM Studio: loaded state. */
  loaded?: boolean;
  size?: number;
}

/** Options every fake understands (each fake adds its own). */
export interface CommonFakeOptions {
  models?: (string | FakeModel)[];
  /** When set, requests need `Authorization: Bearer <apiKey>` (Anthropic: `x-api-key`). */
  apiKey?: string | null;
  /** Delay before the response headers. */
  latencyMs?: number;
  /** Delay between stream chunks. */
  chunkDelayMs?: number;
  /** Number of content chunks of a generated reply (default 6). */
  chunks?: number;
  /** Full reply text; split into `chunks` pieces. Default cycles "Hello from the fake upstream." */
  reply?: string;
  version?: string;
  /** Honour `encoding_format:"base64"` on embeddings; otherwise floats are always returned. */
  base64Embeddings?: boolean;
  /** Embedding vector length (default 8). */
  embeddingDims?: number;
  /** How many chunks go out before a mid-stream fault (default 2). */
  midStreamAfter?: number;
  /** `Retry-After` seconds of `error429` (default 1). */
  retryAfter?: number;
  /** Initial mode (default normal). */
  mode?: FakeMode;
}

/** Normalises the `models` option into mutable model objects. */
export function toModels(models: readonly (string | FakeModel)[] | undefined, fallback: readonly string[]): FakeModel[] {
  return (models ?? fallback).map((m) => (typeof m === 'string' ? { id: m } : { ...m }));
}

const WORDS = ['Hello', ' from', ' the', ' fake', ' upstream', '.'];

/** The reply split into stream pieces; joined, they are the non-stream content. */
export function replyPieces(opts: CommonFakeOptions, limit?: number): string[] {
  let pieces: string[];
  if (opts.reply !== undefined) {
    const n = Math.max(1, Math.min(opts.chunks ?? 6, opts.reply.length || 1));
    const size = Math.ceil(opts.reply.length / n);
    pieces = Array.from({ length: n }, (_, i) => opts.reply!.slice(i * size, (i + 1) * size));
  } else {
    const n = Math.max(1, opts.chunks ?? 6);
    pieces = Array.from({ length: n }, (_, i) => (i > 0 && i % WORDS.length === 0 ? ' Hello' : WORDS[i % WORDS.length]!));
  }
  return limit !== undefined && limit > 0 ? pieces.slice(0, limit) : pieces;
}

/** Rough token count (words) of whatever a prompt is made of. */
export function countTokens(x: unknown): number {
  const text = typeof x === 'string' ? x : JSON.stringify(x ?? '');
  return Math.max(1, text.split(/\s+/).filter(Boolean).length);
}

/** A deterministic unit-ish vector for an input. */
export function embedVector(input: unknown, dims: number): number[] {
  const s = typeof input === 'string' ? input : JSON.stringify(input);
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return Array.from({ length: dims }, (_, i) => {
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) ^ i;
    return Math.round((((h >>> 0) % 2000) / 1000 - 1) * 1e6) / 1e6;
  });
}

/** Float vector → base64 of little-endian float32, the OpenAI wire form. */
export function floatsToBase64(v: readonly number[]): string {
  const buf = Buffer.alloc(v.length * 4);
  v.forEach((x, i) => buf.writeFloatLE(x, i * 4));
  return buf.toString('base64');
}

/** A random-looking id with a prefix. */
export function fakeId(prefix: string): string {
  return `${prefix}${Math.random().toString(36).slice(2, 12)}${Date.now().toString(36)}`;
}

/** Epoch seconds. */
export function nowSecs(): number {
  return Math.floor(Date.now() / 1000);
}

/** Per-request context handed to route handlers. */
export interface FakeContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly path: string;
  readonly params: Record<string, string>;
  readonly body: unknown;
  readonly record: RecordedRequest;
  /** The mode in force for this request (captured on arrival). */
  readonly mode: FakeMode;
  readonly options: CommonFakeOptions;
  /** True once the response is closed (finished, aborted or destroyed). */
  closed(): boolean;
  /** Destroys the socket on purpose (not counted as a client abort). */
  destroy(): void;
  /** Resolves after `ms` or as soon as the response closes. */
  sleep(ms: number): Promise<void>;
}

/** A route handler. */
export type RouteHandler = (ctx: FakeContext) => void | Promise<unknown>;

/** A route: method and a path pattern (`:name` = one segment, `:name+` = the rest, decoded). */
export interface Route {
  readonly method: string;
  readonly path: string;
  readonly handler: RouteHandler;
}

/** Builds a route. */
export function route(method: string, path: string, handler: RouteHandler): Route {
  return { method, path, handler };
}

/** Matches a raw request path against a route pattern; returns decoded params or null. */
export function matchPath(pattern: string, rawPath: string): Record<string, string> | null {
  const names: string[] = [];
  const re = pattern
    .split('/')
    .map((seg) => {
      const m = /^:(\w+)(\+?)$/.exec(seg);
      if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1]!);
      return m[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  const hit = new RegExp(`^${re}$`).exec(rawPath);
  if (!hit) return null;
  const params: Record<string, string> = {};
  names.forEach((n, i) => {
    try {
      params[n] = decodeURIComponent(hit[i + 1]!);
    } catch {
      params[n] = hit[i + 1]!;
    }
  });
  return params;
}
