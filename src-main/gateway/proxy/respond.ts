/**
 * Sends an upstream answer back to the client. Nothing is written until the first upstream body byte
 * arrives, so a failure before it can still fail over; after it the response is committed, and a
 * failure ends a stream with one error event (or cuts a non-stream body) — the client never hangs.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { EndpointRecord } from '../../registry/endpoints.js';
import { type ClassifiedError, classifyUpstreamError } from './errors.js';
import { ChunkReader } from './reader.js';
import { isEventStream, SseFramer, sseErrorEvent } from './sse.js';
import type { StreamFailure, StreamTransform } from './transform.js';
import type { PreparedRequest } from './types.js';
import type { UpstreamResponse } from './upstream.js';
import { type Usage, type UsageTap, usageTapFor } from './usage.js';

/** How sending the answer ended. */
export type CommitResult =
  | { readonly kind: 'complete'; readonly status: number; readonly usage: Usage | null }
  /** Committed, then the upstream failed (connection lost or stalled). */
  | { readonly kind: 'broken'; readonly status: number; readonly failure: ClassifiedError; readonly usage: Usage | null }
  /** The client went away. */
  | { readonly kind: 'aborted'; readonly status: number | null }
  /** Failed before anything was written: the caller may try another endpoint. */
  | { readonly kind: 'retry'; readonly failure: ClassifiedError };

/** Inputs of `commit`. */
export interface CommitInput {
  readonly res: ServerResponse;
  readonly upstream: UpstreamResponse;
  readonly endpoint: EndpointRecord;
  readonly prepared: PreparedRequest;
  readonly signal: AbortSignal;
  /** Called once at the first upstream body byte (TTFT). */
  readonly onFirstByte: () => void;
  readonly streamError?: (f: StreamFailure) => string | null;
  readonly responsesApi?: boolean;
  /** The request's `x-request-id`, sent with the answer's headers. */
  readonly requestId?: string;
}

/** A clean end of the upstream body in the middle of an SSE line. */
const TRUNCATED = new Error('upstream ended the stream in the middle of an event');
const TRUNCATED_FAILURE: ClassifiedError = { kind: 'connect', code: 'SSE_TRUNCATED', message: TRUNCATED.message };

const DROP = new Set([
  'connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'proxy-authenticate', 'te', 'trailer', 'upgrade',
  'date', 'server', 'content-length',
]);

/**
 * Headers for the client: the upstream's minus hop-by-hop ones, plus which endpoint answered and our
 * request id (in the object, so the response needs no header merge; an upstream's own id is replaced).
 */
export function clientHeaders(up: IncomingHttpHeaders, endpoint: EndpointRecord, contentLength: boolean, contentType?: string, requestId?: string): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const k in up) {
    const v = up[k];
    if (v !== undefined && !DROP.has(k)) out[k] = v;
  }
  if (contentLength && up['content-length'] !== undefined) out['content-length'] = up['content-length'];
  if (contentType) out['content-type'] = contentType;
  out['x-llmlb-endpoint'] = endpoint.id;
  out['x-llmlb-endpoint-name'] = encodedName(endpoint);
  if (requestId !== undefined) out['x-request-id'] = requestId;
  return out;
}

/** `x-llmlb-endpoint` is the endpoint id (ASCII, stable across renames); the name, URI-encoded, rides along. */
export function endpointHeaders(endpoint: EndpointRecord): Record<string, string> {
  return { 'x-llmlb-endpoint': endpoint.id, 'x-llmlb-endpoint-name': encodedName(endpoint) };
}

/** Encoded names per endpoint record (records are replaced, never mutated, so a record's name is fixed). */
const encodedNames = new WeakMap<EndpointRecord, string>();

function encodedName(endpoint: EndpointRecord): string {
  let name = encodedNames.get(endpoint);
  if (name === undefined) {
    name = encodeURIComponent(endpoint.name);
    encodedNames.set(endpoint, name);
  }
  return name;
}

function drain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Writes and honours backpressure; false when the client is gone. A promise only when the socket is full. */
function write(res: ServerResponse, data: Buffer | string | null): boolean | Promise<boolean> {
  if (res.destroyed) return false;
  if (data === null || data.length === 0) return true;
  if (res.write(data)) return true;
  return drain(res).then(() => !res.destroyed);
}

/** Sends the answer (see the module comment). */
export async function commit(input: CommitInput): Promise<CommitResult> {
  const { res, upstream, prepared, signal } = input;
  const status = upstream.statusCode;
  const ct = headerString(upstream.headers['content-type']);
  const tap: UsageTap | null = prepared.usageTap === undefined ? usageTapFor(ct) : prepared.usageTap;
  const reader = new ChunkReader(upstream.body);
  const gone = (e?: unknown): ClassifiedError => classifyUpstreamError(e ?? new Error('client closed request'), signal.aborted || res.destroyed);

  if (prepared.transform?.kind === 'buffered') {
    const chunks: Buffer[] = [];
    try {
      for (;;) {
        let c = reader.next();
        if (c instanceof Promise) c = await c;
        if (c === null) break;
        if (chunks.length === 0) input.onFirstByte();
        chunks.push(c);
      }
    } catch (e) {
      const f = gone(e);
      return f.kind === 'aborted' ? { kind: 'aborted', status: null } : { kind: 'retry', failure: f };
    }
    const body = Buffer.concat(chunks);
    tap?.push(body);
    const out = prepared.transform.apply(status, body, ct);
    const bytes = typeof out.body === 'string' ? Buffer.from(out.body) : out.body;
    const headers = clientHeaders(upstream.headers, input.endpoint, false, out.contentType ?? ct, input.requestId);
    headers['content-length'] = bytes.length;
    if (res.destroyed) return { kind: 'aborted', status: null };
    res.writeHead(out.status ?? status, headers);
    res.end(bytes);
    return { kind: 'complete', status: out.status ?? status, usage: tap?.result() ?? null };
  }

  let first: Buffer | null;
  try {
    const c = reader.next();
    first = c instanceof Promise ? await c : c;
  } catch (e) {
    const f = gone(e);
    return f.kind === 'aborted' ? { kind: 'aborted', status: null } : { kind: 'retry', failure: f };
  }
  if (res.destroyed) {
    reader.cancel();
    return { kind: 'aborted', status: null };
  }
  input.onFirstByte();
  const transform: StreamTransform | null = prepared.transform?.kind === 'stream' ? prepared.transform.open(status, ct) : null;
  const framer = transform === null && isEventStream(ct) ? new SseFramer() : null;
  // The framer may drop a torn last event or complete one, so only untouched bodies keep their length.
  res.writeHead(status, clientHeaders(upstream.headers, input.endpoint, transform === null && framer === null, transform?.contentType ?? ct, input.requestId));
  try {
    if (first !== null && (framer !== null || transform !== null || !isJson(ct))) {
      const shape = (chunk: Buffer): Buffer | string | null => (transform ? transform.push(chunk) : framer ? framer.push(chunk) : chunk);
      let ok = write(res, shape(first));
      if (ok instanceof Promise) ok = await ok;
      if (!ok) throw gone();
      tap?.push(first);
      await relay(reader, res, shape, tap, gone);
    } else {
      // A JSON answer is one or two chunks: pulling them costs less than switching to flowing mode.
      for (let chunk = first; chunk !== null; ) {
        let ok = write(res, chunk);
        if (ok instanceof Promise) ok = await ok;
        if (!ok) throw gone();
        tap?.push(chunk);
        const c = reader.next();
        chunk = c instanceof Promise ? await c : c;
      }
    }
    const rest = transform ? transform.end() : framer ? framer.finish() : null;
    if (rest === 'truncated') throw TRUNCATED;
    let ok = write(res, rest);
    if (ok instanceof Promise) ok = await ok;
    if (!ok) throw gone();
  } catch (e) {
    const f = e === TRUNCATED ? TRUNCATED_FAILURE : gone(e);
    reader.cancel();
    if (f.kind === 'aborted') return { kind: 'aborted', status };
    endBroken(res, f, transform, isEventStream(ct) || isEventStream(transform?.contentType), input);
    return { kind: 'broken', status, failure: f, usage: tap?.result() ?? null };
  }
  res.end();
  return { kind: 'complete', status, usage: tap?.result() ?? null };
}

/**
 * Relays the rest of the body as it arrives (events, not a promise per chunk), holding the upstream
 * while the client's socket is full. Usage is read after the bytes were handed to the socket: it never
 * delays them. Rejects with the upstream's error, or `gone()` when the client leaves.
 */
function relay(reader: ChunkReader, res: ServerResponse, shape: (chunk: Buffer) => Buffer | string | null, tap: UsageTap | null, gone: () => ClassifiedError): Promise<void> {
  const onDrain = (): void => {
    res.off('close', onClose);
    reader.resume();
  };
  const onClose = (): void => {
    res.off('drain', onDrain);
    reader.fail(gone());
  };
  return reader.forEach((chunk) => {
    if (res.destroyed) throw gone();
    const out = shape(chunk);
    const flowing = out === null || out.length === 0 || res.write(out);
    tap?.push(chunk);
    if (flowing) return true;
    res.once('drain', onDrain);
    res.once('close', onClose);
    return false;
  });
}

/** Ends a committed response after an upstream failure: one error event when the format allows, else a cut. */
function endBroken(res: ServerResponse, f: ClassifiedError, transform: StreamTransform | null, sse: boolean, input: CommitInput): void {
  const failure: StreamFailure = {
    code: f.kind === 'timeout' ? 'upstream_timeout' : 'upstream_error',
    message:
      f.kind === 'timeout'
        ? `endpoint '${input.endpoint.name}' stopped sending for ${input.endpoint.inference_timeout_secs} s`
        : f === TRUNCATED_FAILURE
          ? `endpoint '${input.endpoint.name}' ended the stream in the middle of an event`
          : `connection to endpoint '${input.endpoint.name}' was lost mid-response (${f.code})`,
  };
  const bytes = transform?.error
    ? transform.error(failure)
    : input.streamError
      ? input.streamError(failure)
      : sse
        ? sseErrorEvent(failure, input.responsesApi)
        : null;
  if (bytes === null || res.destroyed) {
    res.destroy();
    return;
  }
  res.end(bytes);
}

/** JSON, not NDJSON (a stream of lines). */
function isJson(contentType: string | undefined): boolean {
  const ct = (contentType ?? '').toLowerCase();
  return ct.includes('json') && !ct.includes('ndjson');
}

function headerString(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
