/** The HTTP core every fake shares: recording, fault modes, auth, routing, stop/start on the same port. */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CommonFakeOptions,
  type FakeContext,
  type FakeKind,
  type FakeMode,
  type FakeModel,
  type RecordedRequest,
  type Route,
  matchPath,
  toModels,
} from './common.js';

/** What makes one fake differ from another: routes, headers and the shapes of its errors. */
export interface FakeProfile {
  readonly routes: readonly Route[];
  /** Headers put on every response (e.g. `Server: llama.cpp`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Paths that stay open when `apiKey` is set. */
  isPublic?(path: string): boolean;
  /** Cloud APIs demand a key even when the fake was given none (any non-empty key then passes). */
  readonly alwaysAuth?: boolean;
  /** Whether the request carries the right key (default: `Authorization: Bearer <apiKey>`). */
  authorized?(ctx: FakeContext, apiKey: string | null): boolean;
  unauthorized(ctx: FakeContext): void;
  /** Sends an error with this status in the type's shape (used by error500/503/429). */
  error(ctx: FakeContext, status: number, message: string): void;
  /** The type's "model is loading" answer. */
  loading(ctx: FakeContext): void;
  notFound(ctx: FakeContext): void;
}

/** Restricts a mode to some paths. */
export interface ModeScope {
  /** Path prefixes the mode applies to; other paths behave normally. */
  readonly paths?: readonly string[];
}

/** The handle a test gets back from `startFakeX()`. */
export interface FakeHandle<O extends CommonFakeOptions = CommonFakeOptions> {
  readonly kind: FakeKind;
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** Every request seen, oldest first (mutable: tests may clear it with `length = 0`). */
  readonly requests: RecordedRequest[];
  /** The models served; tests may push/splice. */
  readonly models: FakeModel[];
  /** Live options: changes apply to the next request. */
  readonly options: O;
  readonly mode: FakeMode;
  setMode(mode: FakeMode, scope?: ModeScope): void;
  /** Closes the listener and every open connection; the port refuses connections until `start()`. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Stops for good. */
  close(): Promise<void>;
  /** Resolves with the first recorded request (past or future) matching `pred`. */
  waitForRequest(pred: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
}

/** Fake server instance; `startFake` is the way to get one. */
class FakeServer<O extends CommonFakeOptions> implements FakeHandle<O> {
  readonly requests: RecordedRequest[] = [];
  readonly models: FakeModel[];
  mode: FakeMode;
  port = 0;
  private scope: ModeScope = {};
  private readonly server: http.Server;
  private profile!: FakeProfile;
  private stopping = false;
  private listening = false;
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly kind: FakeKind,
    readonly options: O,
    defaultModels: readonly string[],
  ) {
    this.models = toModels(options.models, defaultModels);
    this.mode = options.mode ?? 'normal';
    this.server = http.createServer((req, res) => void this.handle(req, res));
    // Real servers close idle keep-alive sockets after ~5 s; tests must not depend on longer reuse.
    this.server.keepAliveTimeout = 5000;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  setProfile(p: FakeProfile): void {
    this.profile = p;
  }

  setMode(mode: FakeMode, scope: ModeScope = {}): void {
    this.mode = mode;
    this.scope = scope;
  }

  async start(): Promise<void> {
    if (this.listening) return;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ port: this.port, host: '127.0.0.1' }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.listening = true;
  }

  async stop(): Promise<void> {
    if (!this.listening) return;
    this.stopping = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    this.listening = false;
    this.stopping = false;
  }

  close(): Promise<void> {
    return this.stop();
  }

  waitForRequest(pred: (r: RecordedRequest) => boolean, timeoutMs = 2000): Promise<RecordedRequest> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const hit = this.requests.find(pred);
        if (!hit) return false;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(hit);
        return true;
      };
      const waiter = (): void => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`fake ${this.kind}: no matching request within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) this.waiters.add(waiter);
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private modeFor(path: string): FakeMode {
    const paths = this.scope.paths;
    if (!paths || paths.some((p) => path.startsWith(p))) return this.mode;
    return 'normal';
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const query = Object.fromEntries(new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1)));
    const mode = this.modeFor(path);
    let selfDestroyed = false;
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query,
      headers: req.headers,
      body: '',
      at: Date.now(),
      aborted: false,
      abortedAt: null,
      finishedAt: null,
      status: null,
    };
    this.requests.push(record);
    res.on('finish', () => {
      record.finishedAt = Date.now();
    });
    // `close` without `finish` means the client left (unless we cut the socket ourselves).
    res.on('close', () => {
      if (!res.writableFinished && !selfDestroyed && !this.stopping) {
        record.aborted = true;
        record.abortedAt = Date.now();
      }
      this.notify();
    });
    const origWriteHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      record.status = status;
      return origWriteHead(status, ...rest);
    }) as typeof res.writeHead;

    (record as { body: unknown }).body = await readBody(req);
    this.notify();

    const ctx: FakeContext = {
      req,
      res,
      method: record.method,
      path,
      params: {},
      body: record.body,
      record,
      mode,
      options: this.options,
      closed: () => res.destroyed || res.writableFinished,
      destroy: () => {
        selfDestroyed = true;
        req.socket.destroy();
      },
      sleep: (ms) => sleep(ms, res),
    };
    for (const [k, v] of Object.entries(this.profile.headers ?? {})) res.setHeader(k, v);
    try {
      await this.dispatch(ctx, path);
    } catch (e) {
      if (!res.headersSent) this.profile.error(ctx, 500, `fake ${this.kind} crashed: ${(e as Error).message}`);
      else ctx.destroy();
    }
  }

  private async dispatch(ctx: FakeContext, path: string): Promise<void> {
    const o = this.options;
    if (ctx.mode === 'reset') return ctx.destroy();
    if (o.latencyMs) await ctx.sleep(o.latencyMs);
    if (ctx.closed()) return;
    switch (ctx.mode) {
      case 'hang':
        return; // never answer; the socket stays open until the client or stop() closes it
      case 'error500':
        return this.profile.error(ctx, 500, 'Internal server error');
      case 'error503':
        return this.profile.error(ctx, 503, 'Service unavailable');
      case 'error429':
        ctx.res.setHeader('Retry-After', String(o.retryAfter ?? 1));
        return this.profile.error(ctx, 429, 'Too many requests');
      case 'garbage':
        ctx.res.writeHead(200, { 'Content-Type': 'text/plain' });
        return void ctx.res.end('<<this is not json>> {"partial": ');
      case 'loading':
        return this.profile.loading(ctx);
      case 'unauthorized':
        return this.profile.unauthorized(ctx);
      default:
        break;
    }
    if ((o.apiKey || this.profile.alwaysAuth) && !this.profile.isPublic?.(path)) {
      const key = o.apiKey || null;
      const ok = this.profile.authorized ? this.profile.authorized(ctx, key) : bearerOk(ctx, key);
      if (!ok) return this.profile.unauthorized(ctx);
    }
    for (const r of this.profile.routes) {
      if (r.method !== ctx.method) continue;
      const params = matchPath(r.path, path);
      if (!params) continue;
      await r.handler({ ...ctx, params });
      return;
    }
    this.profile.notFound(ctx);
  }
}

/** True when the request has `Authorization: Bearer <key>` (any non-empty key when `key` is null). */
export function bearerOk(ctx: FakeContext, key: string | null): boolean {
  const h = ctx.req.headers.authorization ?? '';
  return key === null ? /^Bearer \S+/.test(h) : h === `Bearer ${key}`;
}

/** Creates, configures and starts a fake on 127.0.0.1, port 0. */
export async function startFake<O extends CommonFakeOptions>(
  kind: FakeKind,
  options: O,
  defaultModels: readonly string[],
  profile: (fake: FakeHandle<O>) => FakeProfile,
): Promise<FakeHandle<O>> {
  const fake = new FakeServer<O>(kind, options, defaultModels);
  fake.setProfile(profile(fake));
  await fake.start();
  return fake;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  try {
    for await (const c of req) chunks.push(c as Buffer);
  } catch {
    // client went away while sending; keep what arrived
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function sleep(ms: number, res: ServerResponse): Promise<void> {
  if (ms <= 0 || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      res.off('close', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    res.once('close', done);
  });
}
