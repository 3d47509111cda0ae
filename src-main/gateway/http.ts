/** HTTP edge helpers: bounded body reading, JSON replies, and the three error shapes (admin, OpenAI, Ollama). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, type ErrorCode, toAppError } from '../util/errors.js';
import type { Principal } from '../auth/keys.js';
import type { Logger } from '../logging/logger.js';

/** Which API a route belongs to; decides the error shape. */
export type Surface = 'admin' | 'openai' | 'ollama' | 'other';

/** What a route handler gets. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly query: URLSearchParams;
  readonly surface: Surface;
  readonly principal: Principal | null;
  /** Aborted when the client goes away (its connection closes; keep-alive requests on it share the signal). */
  readonly signal: AbortSignal;
  /** The request's `x-request-id` (the client's when valid, else generated); also on the response. */
  readonly requestId: string;
}

/** A route handler. */
export type Handler = (ctx: RequestContext) => Promise<void> | void;

/**
 * Reads the request body up to `limit` bytes; 413 past it (checked on Content-Length first). Plain
 * listeners rather than `for await`: the stream's async iterator costs a generator, an end-of-stream
 * watcher and a promise per chunk on every request.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    req.resume();
    return Promise.reject(new AppError('payload_too_large', `request body exceeds ${limit} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const detach = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        detach();
        // Stop buffering; the body is read on and dropped so the 413 can be sent.
        req.resume();
        reject(new AppError('payload_too_large', `request body exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      detach();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (e: Error): void => {
      detach();
      reject(e);
    };
    const onClose = (): void => {
      detach();
      reject(Object.assign(new Error('client closed the connection before the body ended'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** Parses a JSON body; malformed JSON is a 400. An empty body is `undefined`. */
export function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new AppError('invalid_request', 'request body is not valid JSON');
  }
}

/** Reads and parses a JSON body. */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  return parseJson(await readBody(req, limit));
}

/** Sends a JSON reply. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Sends 204 No Content. */
export function sendNoContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}

const OPENAI_TYPE: Partial<Record<ErrorCode, string>> = {
  invalid_request: 'invalid_request_error',
  unauthorized: 'authentication_error',
  forbidden: 'permission_error',
  not_found: 'invalid_request_error',
  model_not_found: 'invalid_request_error',
  payload_too_large: 'invalid_request_error',
  not_supported: 'invalid_request_error',
  rate_limited: 'rate_limit_error',
  queue_full: 'rate_limit_error',
};

/** The JSON body of an error for a surface. */
export function errorBody(surface: Surface, err: AppError): unknown {
  switch (surface) {
    case 'openai':
      return {
        error: {
          message: err.message,
          type: OPENAI_TYPE[err.code] ?? (err.status >= 500 ? 'server_error' : 'invalid_request_error'),
          param: err.param ?? null,
          code: err.code,
        },
      };
    case 'ollama':
      return { error: err.message };
    case 'admin':
    case 'other':
      return { error: { code: err.code, message: err.message } };
  }
}

/** Sends an error in the surface's shape; internal details never leave the process (they go to the log, at `error`). */
export function sendError(res: ServerResponse, surface: Surface, e: unknown, logger?: Logger, requestId?: string): void {
  const err = toAppError(e);
  if (err.code === 'internal_error' && logger) logger.error({ requestId, reason: describe(err.cause ?? e) }, 'internal error');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: Record<string, string> = {};
  if (err.retryAfter !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(err.retryAfter)));
  if (err.status === 401) headers['www-authenticate'] = 'Bearer';
  // Close rather than drain the rest of an oversized body (a client could stream for the whole
  // requestTimeout), and never read its remains as the next request on a kept-alive connection.
  if (err.status === 413) headers.connection = 'close';
  sendJson(res, err.status, errorBody(surface, err), headers);
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}${e.stack ? `\n${e.stack}` : ''}`;
  return String(e);
}

/** The presented API key from `Authorization: Bearer` or `x-api-key`, if any. */
export function presentedKey(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (m?.[1]) return m[1].trim();
  }
  const x = req.headers['x-api-key'];
  if (typeof x === 'string' && x.trim()) return x.trim();
  return null;
}
