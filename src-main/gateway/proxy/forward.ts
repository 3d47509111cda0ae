/**
 * The request path of every proxied call: resolve the model in the routing snapshot, lease the best
 * candidate, send, and fail over (at most twice) on refused/reset connections, timeouts and 502/503/504
 * before the first byte. Outcomes feed the balancer, passive health and the request log.
 */
import type { AppServices, PassiveFailure, RequestRecord } from '../../app-services.js';
import { fitContext } from '../../aliases/context-fit.js';
import type { AdmitRequest, Balancer } from '../../balancer/balancer.js';
import type { AttemptOutcome, Lease, RouteTarget } from '../../balancer/types.js';
import { QUEUE_TIMEOUT_HEADER, queueTimeoutOf } from '../../capacity/header.js';
import { AppError } from '../../util/errors.js';
import { errorFields, type Logger } from '../../logging/logger.js';
import { attemptFailed, requestDone } from '../upstream-log.js';
import type { RoutingSnapshot } from '../routing.js';
import { type ClassifiedError, classifyUpstreamError, isFailoverStatus, isUnhealthyStatus, unexpectedContentType } from './errors.js';
import { commit, type CommitResult, endpointHeaders } from './respond.js';
import type { ModelProxy, PreparedRequest, ProxyToModelOptions } from './types.js';
import type { UpstreamPools } from './upstream.js';
import type { Usage } from './usage.js';

/** What the forwarder needs. */
export interface ForwarderDeps {
  readonly routing: { current(): RoutingSnapshot };
  readonly balancer: Balancer;
  readonly pools: UpstreamPools;
  readonly apiKey: (endpointId: string) => string | null;
  /** Read at call time: passive health and the recorder are mounted by other subsystems, in any order. */
  readonly services: AppServices;
  readonly now: () => number;
  /** The `gateway` component logger: one `warn` per failed upstream attempt. */
  readonly logger: Logger;
  /** Tries per request, first included (default 3: the first pick and at most 2 more). */
  readonly maxAttempts?: number;
}

/** Fields of the request-log entry filled in as the request goes. */
interface Trace {
  endpointId: string | null;
  endpointName: string | null;
  status: number;
  ttftMs: number | null;
  usage: Usage | null;
  error: string | null;
}

/** `sameAgain`: retry the endpoint just tried (a reset on a reused keep-alive socket), not the next one. */
type AttemptResult = { readonly kind: 'done' } | { readonly kind: 'retry'; readonly error: AppError; readonly sameAgain?: boolean };

/**
 * Socket errors that a healthy server produces when it closes an idle keep-alive connection just as
 * we reuse it. Refused connections are not among them: nothing is listening.
 */
const RESET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);

/** Shared outcome and result values (read-only), so the common path allocates none of them. */
const NEUTRAL: AttemptOutcome = Object.freeze({ kind: 'neutral' });
const FAILURE: AttemptOutcome = Object.freeze({ kind: 'failure' });
const DONE: AttemptResult = Object.freeze({ kind: 'done' });

/** The proxy core behind `/v1` (and, through `proxyToModel`, the Ollama surface). */
export class Forwarder implements ModelProxy {
  readonly #d: ForwarderDeps;
  readonly #maxAttempts: number;

  constructor(deps: ForwarderDeps) {
    this.#d = deps;
    this.#maxAttempts = Math.max(1, deps.maxAttempts ?? 3);
  }

  get pools(): UpstreamPools {
    return this.#d.pools;
  }

  snapshot(): RoutingSnapshot {
    return this.#d.routing.current();
  }

  async proxyToModel(o: ProxyToModelOptions): Promise<void> {
    const receivedAt = o.receivedAt ?? this.#d.now();
    const trace: Trace = { endpointId: null, endpointName: null, status: 0, ttftMs: null, usage: null, error: null };
    try {
      const targets = fitContext(this.#d.routing.current().resolve(o.model), o.contextTokens);
      await this.#run(o, targets, receivedAt, trace);
    } catch (e) {
      const err = e instanceof AppError ? e : null;
      trace.status = err?.status ?? 500;
      trace.error = err?.message ?? 'internal error';
      throw e;
    } finally {
      this.#record(o, receivedAt, trace);
    }
  }

  async #run(o: ProxyToModelOptions, targets: readonly RouteTarget[], receivedAt: number, trace: Trace): Promise<void> {
    const tried = new Set<string>();
    const signal = o.ctx.signal;
    let lastError: AppError | null = null;
    let retriedSame = false;
    // One object for every attempt: a failover retry keeps its place in the capacity queue.
    const headers = o.ctx.req.headers;
    const admit: AdmitRequest = headers[QUEUE_TIMEOUT_HEADER] === undefined ? { model: o.model } : { model: o.model, ...queueTimeoutOf(headers) };
    for (let attempt = 0; attempt < this.#maxAttempts; attempt++) {
      let lease = this.#d.balancer.acquire(targets, tried, signal, admit);
      if (lease instanceof Promise) lease = await lease;
      if (!lease) break;
      const id = lease.target.endpoint.id;
      tried.add(id);
      const attemptsLeft = attempt + 1 < this.#maxAttempts;
      const mayRetry = attemptsLeft && targets.some((t) => !tried.has(t.endpoint.id));
      // With no other candidate, a reset gets one more try on the same endpoint before it counts.
      const sameAgain = attemptsLeft && !mayRetry && !retriedSame;
      const r = await this.#attempt(o, lease, mayRetry, sameAgain, receivedAt, trace);
      if (r.kind === 'done') return;
      lastError = r.error;
      if (r.sameAgain) {
        retriedSame = true;
        tried.delete(id);
      }
    }
    // The error names the last endpoint tried, like a successful answer would.
    if (trace.endpointId && !o.ctx.res.headersSent) {
      const last = targets.find((t) => t.endpoint.id === trace.endpointId);
      if (last) for (const [k, v] of Object.entries(endpointHeaders(last.endpoint))) o.ctx.res.setHeader(k, v);
    }
    throw lastError ?? new AppError('no_endpoint_available', `No endpoint serving '${o.model}' is available`, { retryAfter: 5 });
  }

  async #attempt(
    o: ProxyToModelOptions,
    lease: Lease,
    mayRetry: boolean,
    sameAgain: boolean,
    receivedAt: number,
    trace: Trace,
  ): Promise<AttemptResult> {
    const { endpoint } = lease.target;
    const res = o.ctx.res;
    const signal = o.ctx.signal;
    trace.endpointId = endpoint.id;
    trace.endpointName = endpoint.name;
    let prepared: PreparedRequest;
    try {
      prepared = prepare(o, lease.target);
    } catch (e) {
      lease.release(NEUTRAL);
      throw e;
    }
    const t0 = this.#d.now();
    let upstream;
    try {
      upstream = await this.#d.pools.request({
        endpoint,
        path: prepared.path,
        body: prepared.body,
        apiKey: this.#d.apiKey(endpoint.id),
        signal,
        contentType: prepared.contentType,
        requestId: o.ctx.requestId,
      });
    } catch (e) {
      return this.#failed(o, lease, classifyUpstreamError(e, signal.aborted), trace, sameAgain);
    }
    const status = upstream.statusCode;
    // A 429 says "busy", not "broken": another endpoint may take the request. The balancer cools this
    // one down; passive health is not told. With no other candidate the 429 and its Retry-After pass through.
    // A 500 may be the endpoint's fault or the request's (llama.cpp answers malformed requests with 500):
    // nothing was sent yet, so another endpoint gets a chance; passive health verifies with a check.
    if ((isFailoverStatus(status) || status === 429 || status === 500) && mayRetry) {
      upstream.body.dump().catch(() => undefined);
      if (status !== 429) this.#passiveFailure(endpoint.id, { kind: 'status', status, message: `HTTP ${status}` });
      attemptFailed(this.#d.logger, o, endpoint, { status, reason: `HTTP ${status}`, retrying: true }, status === 429 ? 'info' : 'warn');
      lease.release(FAILURE);
      return { kind: 'retry', error: new AppError('upstream_error', `endpoint '${endpoint.name}' answered ${status}`, { status }) };
    }
    // An HTML page or plain text where JSON or an event stream was asked for: the wrong server at that
    // address (a captive portal, a web server) or a broken one. Nothing was sent yet, so fail over.
    const wrongType = unexpectedContentType(status, upstream.headers['content-type']);
    if (wrongType) {
      upstream.body.dump().catch(() => undefined);
      this.#passiveFailure(endpoint.id, { kind: 'status', status, message: wrongType });
      attemptFailed(this.#d.logger, o, endpoint, { status, reason: wrongType, retrying: mayRetry });
      lease.release(FAILURE);
      return { kind: 'retry', error: new AppError('upstream_error', `endpoint '${endpoint.name}' ${wrongType}`) };
    }
    let firstByteAt = 0;
    let result: CommitResult;
    try {
      result = await commit({
        res,
        upstream,
        endpoint,
        prepared,
        signal,
        responsesApi: prepared.path.endsWith('/responses'),
        requestId: o.ctx.requestId,
        onFirstByte: () => {
          firstByteAt = this.#d.now();
          trace.ttftMs = firstByteAt - receivedAt;
        },
        ...(o.streamError ? { streamError: o.streamError } : {}),
      });
    } catch (e) {
      // A transform threw: our bug, not the endpoint's. Free the slot and the upstream socket.
      lease.release(NEUTRAL);
      upstream.body.destroy();
      throw e;
    }
    const latency = (firstByteAt || this.#d.now()) - t0;
    switch (result.kind) {
      case 'retry':
        return this.#failed(o, lease, result.failure, trace, sameAgain);
      case 'aborted':
        lease.release(NEUTRAL);
        trace.status = result.status ?? 499;
        trace.error = 'client closed request';
        return DONE;
      case 'broken':
        trace.status = result.status;
        trace.usage = result.usage;
        trace.error = result.failure.kind === 'timeout' ? 'upstream stalled mid-response' : `upstream connection lost mid-response (${result.failure.code})`;
        this.#passiveFailure(endpoint.id, { kind: result.failure.kind === 'timeout' ? 'timeout' : 'connect', message: trace.error });
        attemptFailed(this.#d.logger, o, endpoint, { code: result.failure.code, status: result.status, reason: trace.error, retrying: false });
        lease.release(FAILURE);
        return DONE;
      case 'complete':
        trace.status = result.status;
        trace.usage = result.usage;
        if (isUnhealthyStatus(result.status)) {
          trace.error = `upstream answered ${result.status}`;
          this.#passiveFailure(endpoint.id, { kind: 'status', status: result.status, message: `HTTP ${result.status}` });
          attemptFailed(this.#d.logger, o, endpoint, { status: result.status, reason: `HTTP ${result.status}`, retrying: false });
          lease.release(FAILURE);
        } else if (result.status < 400) {
          this.#passiveSuccess(endpoint.id, latency);
          lease.release({ kind: 'success', latencyMs: latency });
        } else {
          trace.error = `upstream answered ${result.status}`;
          lease.release(NEUTRAL);
        }
        return DONE;
    }
  }

  /** A failure before anything was written: report it and let the loop try the next candidate. */
  #failed(o: ProxyToModelOptions, lease: Lease, f: ClassifiedError, trace: Trace, sameAgain: boolean): AttemptResult {
    const { endpoint } = lease.target;
    if (f.kind === 'aborted') {
      lease.release(NEUTRAL);
      trace.status = 499;
      trace.error = 'client closed request';
      return DONE;
    }
    if (sameAgain && f.kind === 'connect' && RESET_CODES.has(f.code)) {
      lease.release(NEUTRAL);
      attemptFailed(this.#d.logger, o, endpoint, { code: f.code, reason: f.message, retrying: true });
      return { kind: 'retry', error: new AppError('upstream_error', `endpoint '${endpoint.name}' reset the connection (${f.code})`), sameAgain: true };
    }
    lease.release(f.kind === 'other' ? NEUTRAL : FAILURE);
    if (f.kind === 'other') {
      throw new AppError('internal_error', 'Internal error', { cause: new Error(`upstream request to ${endpoint.name} failed: ${f.code} ${f.message}`) });
    }
    this.#passiveFailure(endpoint.id, { kind: f.kind, message: `${f.code}: ${f.message}` });
    attemptFailed(this.#d.logger, o, endpoint, { code: f.code, reason: f.message, retrying: true });
    const error =
      f.kind === 'timeout'
        ? new AppError('upstream_timeout', `endpoint '${endpoint.name}' did not answer within ${endpoint.inference_timeout_secs} s`)
        : new AppError('upstream_error', `endpoint '${endpoint.name}' is unreachable (${f.code})`);
    return { kind: 'retry', error };
  }

  #passiveFailure(endpointId: string, failure: PassiveFailure): void {
    try {
      this.#d.services.passiveHealth?.failure(endpointId, failure);
    } catch (e) {
      this.#d.logger.error({ endpointId, ...errorFields(e) }, 'passive health failed');
    }
  }

  #passiveSuccess(endpointId: string, latencyMs: number): void {
    try {
      this.#d.services.passiveHealth?.success(endpointId, latencyMs);
    } catch (e) {
      this.#d.logger.error({ endpointId, ...errorFields(e) }, 'passive health failed');
    }
  }

  #record(o: ProxyToModelOptions, receivedAt: number, t: Trace): void {
    if (this.#d.logger.isLevelEnabled('debug')) requestDone(this.#d.logger, o, t, this.#d.now() - receivedAt);
    const recorder = this.#d.services.recorder;
    if (!recorder) return;
    const r: RequestRecord = {
      at: receivedAt,
      api: o.api ?? 'openai',
      path: o.logPath ?? (o.ctx.req.url ?? '').split('?')[0] ?? '',
      endpointId: t.endpointId,
      endpointName: t.endpointName,
      model: o.model,
      status: t.status,
      latencyMs: this.#d.now() - receivedAt,
      ttftMs: t.ttftMs,
      promptTokens: t.usage?.promptTokens ?? null,
      completionTokens: t.usage?.completionTokens ?? null,
      stream: o.stream,
      error: t.error,
      requestId: o.ctx.requestId,
    };
    try {
      recorder.record(r);
    } catch (e) {
      this.#d.logger.error({ requestId: o.ctx.requestId, ...errorFields(e) }, 'request recorder failed');
    }
  }
}

/** Builds the upstream request for one target (path, body with the target's model name, transform). */
export function prepare(o: ProxyToModelOptions, t: RouteTarget): PreparedRequest {
  const path = typeof o.path === 'function' ? o.path(t) : o.path;
  const b = typeof o.body === 'function' ? o.body(t) : o.body;
  let body: Buffer | string;
  if (Buffer.isBuffer(b)) body = t.upstreamModel === o.model ? b : withModel(b, t.upstreamModel);
  else body = JSON.stringify({ ...b, model: t.upstreamModel });
  const transform = typeof o.transform === 'function' ? o.transform(t) : o.transform;
  const usageTap = o.usageTap ? o.usageTap(t) : undefined;
  return { path, body, transform, usageTap };
}

/** Re-serialises a JSON body with another model name (only needed when an alias maps to a different name). */
function withModel(raw: Buffer, model: string): string {
  const json = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  json.model = model;
  return JSON.stringify(json);
}
