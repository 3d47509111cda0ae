/** The HTTP server: Host/Origin checks, auth per surface, routing (find-my-way), graceful drain. */
import { createServer, type IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders, type Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import type { Config } from '../config/config.js';
import { canReadAdmin, type KeyStore, type Principal } from '../auth/keys.js';
import { AppError } from '../util/errors.js';
import { presentedKey, sendError, type Handler, type RequestContext, type Surface } from './http.js';
import { hostAllowed, originAllowed } from './guards.js';
import type { Logger } from '../logging/logger.js';
import { requestIdOf } from './request-id.js';

/** What the server needs from the rest of the app. */
export interface GatewayDeps {
  readonly getConfig: () => Config;
  readonly keys: KeyStore;
  /** The `gateway` component logger. */
  readonly logger: Logger;
}

/** The surface of a path, by prefix. */
export function surfaceOf(path: string): Surface {
  if (path.startsWith('/v0/') || path === '/v0') return 'admin';
  if (path.startsWith('/v1/') || path === '/v1') return 'openai';
  if (path.startsWith('/api/') || path === '/api') return 'ollama';
  return 'other';
}

interface RouteStore {
  readonly surface: Surface;
  readonly handler: Handler;
}

const NO_PARAMS: Readonly<Record<string, string | undefined>> = Object.freeze({});

/** Where a response keeps its in-flight finisher (a property, not a WeakMap: no ephemeron per request for the GC). */
const FINISH = Symbol('llmlb.finish');
type Finishable = ServerResponse & { [FINISH]?: () => void };

/**
 * The connection's abort signal, aborted when the client's socket closes. One per connection, not per
 * request: an AbortController costs about 2 µs to create and its signal outlives the request long
 * enough to be promoted by the GC. Keep-alive requests on a socket share it (each removes its own
 * listeners when it ends), and a client that goes away closes the socket, so every request still on
 * it is aborted, as before.
 */
function clientGone(req: IncomingMessage): AbortSignal {
  const socket = req.socket as Socket & { [CLIENT_GONE]?: AbortController };
  let c = socket[CLIENT_GONE];
  if (!c) {
    const controller = new AbortController();
    c = socket[CLIENT_GONE] = controller;
    if (socket.destroyed) controller.abort();
    else socket.once('close', () => controller.abort());
  }
  return c.signal;
}

const CLIENT_GONE = Symbol('llmlb.clientGone');

/** True when a headers object has an `x-request-id` of its own, in any letter case. */
function namesRequestId(headers: OutgoingHttpHeaders): boolean {
  for (const k in headers) if (k.length === 12 && headers[k] !== undefined && k.toLowerCase() === 'x-request-id') return true;
  return false;
}

/**
 * A response that adds its request's `x-request-id` when its head is written. Setting it up front with
 * `setHeader` would put every `writeHead(status, headers)` on Node's slower merging path (each header
 * validated and stored twice); here the id joins a copy of the headers object instead.
 */
export class GatewayResponse extends ServerResponse {
  #requestId: string | undefined = undefined;

  /** Sends `x-request-id: id` with the head, unless the head names one itself. */
  sendRequestId(id: string): void {
    this.#requestId = id;
  }

  override writeHead(statusCode: number, a?: string | OutgoingHttpHeaders | OutgoingHttpHeader[], b?: OutgoingHttpHeaders | OutgoingHttpHeader[]): this {
    const id = this.#requestId;
    if (id !== undefined) {
      this.#requestId = undefined;
      const message = typeof a === 'string' ? a : undefined;
      let headers = typeof a === 'string' ? b : a;
      if (headers === undefined || Array.isArray(headers)) {
        if (!this.hasHeader('x-request-id')) this.setHeader('x-request-id', id);
      } else if (!namesRequestId(headers) && !this.hasHeader('x-request-id')) {
        headers = { 'x-request-id': id, ...headers };
      }
      return message === undefined ? super.writeHead(statusCode, headers) : super.writeHead(statusCode, message, headers);
    }
    return typeof a === 'string' ? super.writeHead(statusCode, a, b) : super.writeHead(statusCode, a);
  }
}

/** A request's context: a class (accessors on the prototype), not an object literal with getters made per request. */
class Ctx implements RequestContext {
  #query: URLSearchParams | null = null;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly params: Readonly<Record<string, string | undefined>>,
    readonly rawQuery: string,
    readonly surface: Surface,
    readonly principal: Principal | null,
    readonly requestId: string,
  ) {}

  /** Parsed on first use: inference routes never read it. */
  get query(): URLSearchParams {
    return (this.#query ??= new URLSearchParams(this.rawQuery));
  }

  get signal(): AbortSignal {
    return clientGone(this.req);
  }
}

/** The gateway HTTP server. */
export class GatewayServer {
  readonly #deps: GatewayDeps;
  readonly #router = FindMyWay<FindMyWay.HTTPVersion.V1>({ ignoreTrailingSlash: true, maxParamLength: 2048 });
  readonly #server: Server<typeof IncomingMessage, typeof GatewayResponse>;
  #inFlight = 0;
  readonly #longLived = new Set<ServerResponse>();
  #drainWaiters: (() => void)[] = [];
  #closing = false;
  #static: ((req: IncomingMessage, res: ServerResponse) => boolean) | null = null;

  constructor(deps: GatewayDeps) {
    this.#deps = deps;
    const cfg = deps.getConfig();
    this.#server = createServer(
      {
        maxHeaderSize: cfg.limits.maxHeaderBytes,
        headersTimeout: cfg.limits.headersTimeoutMs,
        requestTimeout: 120_000,
        // Node checks both timeouts only this often (default 30 s), so a slow-loris client would hold a
        // socket for headersTimeout + up to 30 s.
        connectionsCheckingInterval: 1_000,
        keepAliveTimeout: 65_000,
        noDelay: true,
        ServerResponse: GatewayResponse,
      },
      (req, res) => this.#handle(req, res),
    );
    this.#server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) return socket.destroy();
      const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      const text = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
      // Destroy once the answer is out: a client that ignores our FIN must not keep the socket half-open.
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
    });
  }

  /** Sets the web dashboard handler; it returns false when a request is not for it. */
  setStaticHandler(handler: (req: IncomingMessage, res: ServerResponse) => boolean): void {
    this.#static = handler;
  }

  /** Registers a route. */
  route(methods: HTTPMethod | HTTPMethod[], path: string, handler: Handler): void {
    const store: RouteStore = { surface: surfaceOf(path), handler };
    this.#router.on(methods, path, () => undefined, store);
  }

  /** Starts listening; resolves with the bound address. Rejects with the listen error (e.g. EADDRINUSE). */
  listen(host: string, port: number): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.#server.once('error', onError);
      this.#server.listen({ host, port }, () => {
        this.#server.off('error', onError);
        const addr = this.#server.address() as AddressInfo;
        resolve({ host: addr.address, port: addr.port });
      });
    });
  }

  /** Requests currently being served. */
  inFlight(): number {
    return this.#inFlight;
  }

  /** Marks a response (an event stream) as long-lived: not counted in flight, ended at close. */
  longLived(res: ServerResponse): void {
    (res as Finishable)[FINISH]?.();
    this.#longLived.add(res);
    res.once('close', () => this.#longLived.delete(res));
  }

  /** Stops accepting, lets in-flight requests finish for up to `drainMs`, then cuts what is left. */
  async close(drainMs = 10_000): Promise<void> {
    this.#closing = true;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
    for (const res of this.#longLived) res.end();
    if (this.#inFlight > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, drainMs);
        this.#drainWaiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    this.#server.closeAllConnections();
    await closed;
  }

  /** The underlying node server (for tests that inspect connections). */
  get server(): Server<typeof IncomingMessage, typeof GatewayResponse> {
    return this.#server;
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    this.#inFlight++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.#inFlight--;
      if (this.#inFlight === 0 && this.#drainWaiters.length) {
        const waiters = this.#drainWaiters;
        this.#drainWaiters = [];
        for (const w of waiters) w();
      }
    };
    res.once('close', finish);
    (res as Finishable)[FINISH] = finish;
    if (this.#closing) res.setHeader('connection', 'close');
    void this.#dispatch(req, res);
  }

  async #dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const surface = surfaceOf(path);
    const requestId = requestIdOf(req.headers['x-request-id']);
    (res as GatewayResponse).sendRequestId(requestId);
    try {
      const cfg = this.#deps.getConfig();
      if (!hostAllowed(req.headers.host, cfg)) throw new AppError('forbidden', 'Host header not allowed');
      const origin = req.headers.origin;
      if (origin !== undefined) {
        if (!originAllowed(origin, req.headers.host, cfg)) throw new AppError('forbidden', 'Origin not allowed');
        if (cfg.corsOrigins.includes(origin.toLowerCase())) {
          res.setHeader('access-control-allow-origin', origin);
          res.setHeader('vary', 'Origin');
          if (req.method === 'OPTIONS') {
            res.writeHead(204, {
              'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
              'access-control-allow-headers': 'authorization, content-type, x-api-key',
              'access-control-max-age': '600',
            });
            res.end();
            return;
          }
        }
      }
      const principal = this.#authenticate(req, surface, cfg);
      const found = this.#router.find(req.method as HTTPMethod, path);
      if (!found) {
        if (surface === 'other' && this.#static?.(req, res)) return;
        throw new AppError('not_found', `no route for ${req.method} ${path}`);
      }
      const store = found.store as RouteStore;
      const params = (found.params as Record<string, string | undefined>) ?? NO_PARAMS;
      await store.handler(new Ctx(req, res, params, q === -1 ? '' : url.slice(q + 1), store.surface, principal, requestId));
    } catch (e) {
      sendError(res, surface, e, this.#deps.logger, requestId);
    }
  }

  #authenticate(req: IncomingMessage, surface: Surface, cfg: Config): Principal | null {
    if (surface === 'other' && !req.url?.startsWith('/metrics')) return null;
    const key = presentedKey(req);
    const principal = key ? this.#deps.keys.authenticate(key) : null;
    if (surface === 'admin') {
      if (!key) throw new AppError('unauthorized', 'an API key is required (Authorization: Bearer <key>)');
      if (!principal) throw new AppError('unauthorized', 'invalid API key');
      const read = req.method === 'GET' || req.method === 'HEAD';
      if (!canReadAdmin(principal.role)) throw new AppError('forbidden', `a ${principal.role} key cannot use the admin API`);
      if (!read && principal.role !== 'admin') throw new AppError('forbidden', 'this operation needs an admin key');
      return principal;
    }
    if (cfg.requireApiKey) {
      if (!key) throw new AppError('unauthorized', 'an API key is required (Authorization: Bearer <key>)');
      if (!principal) throw new AppError('unauthorized', 'invalid API key');
      if (principal.role === 'viewer') throw new AppError('forbidden', 'a viewer key cannot send inference requests');
    } else if (key && !principal && surface !== 'other') {
      // Open gateway: an unknown key is ignored, as clients often send a placeholder key.
      return null;
    }
    return principal;
  }
}
