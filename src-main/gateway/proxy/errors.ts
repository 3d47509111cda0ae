/** Classifies upstream transport errors by their stable `code` (never by message text). */

/** What went wrong talking to an upstream. */
export type UpstreamErrorKind =
  /** No usable connection: refused, reset, DNS, closed socket, connect timeout. */
  | 'connect'
  /** Connected, but headers or the next body chunk did not come within the inference timeout. */
  | 'timeout'
  /** We aborted it because the client went away. */
  | 'aborted'
  /** Anything else (a bug or an invalid argument): not the endpoint's fault. */
  | 'other';

/** A classified upstream error. */
export interface ClassifiedError {
  readonly kind: UpstreamErrorKind;
  readonly code: string;
  readonly message: string;
}

const CONNECT = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'HPE_INVALID_CONSTANT',
  'HPE_INVALID_CHUNK_SIZE',
]);

const TIMEOUT = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function codeOf(e: unknown): string {
  const err = e as { code?: unknown; name?: unknown; cause?: { code?: unknown } } | null;
  if (typeof err?.code === 'string') return err.code;
  if (typeof err?.cause?.code === 'string') return err.cause.code;
  if (err?.name === 'AbortError') return 'ABORT_ERR';
  return 'UNKNOWN';
}

/** Sorts an error thrown by undici (or by a stream reading its body) into a kind. */
export function classifyUpstreamError(e: unknown, clientGone = false): ClassifiedError {
  const code = codeOf(e);
  const message = e instanceof Error ? e.message : String(e);
  if (clientGone || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') return { kind: 'aborted', code, message };
  if (TIMEOUT.has(code)) return { kind: 'timeout', code, message };
  if (CONNECT.has(code)) return { kind: 'connect', code, message };
  return { kind: 'other', code, message };
}

/** Statuses that mean "this endpoint cannot serve right now": fail over to the next candidate. */
export function isFailoverStatus(status: number): boolean {
  return status === 502 || status === 503 || status === 504;
}

/**
 * Statuses that count against an endpoint's health. 501 is excluded: it means "this server does not
 * do that" (llama.cpp without `--embeddings`), not that the server is unwell.
 */
export function isUnhealthyStatus(status: number): boolean {
  return status >= 500 && status !== 501;
}

/**
 * Why a 2xx answer cannot be what the client asked for, or null. Every API behind the proxy answers
 * JSON, an event stream or NDJSON; a body without a content type is given the benefit of the doubt.
 */
export function unexpectedContentType(status: number, contentType: string | string[] | undefined): string | null {
  if (status < 200 || status >= 300) return null;
  const ct = (Array.isArray(contentType) ? contentType[0] : contentType)?.trim().toLowerCase() ?? '';
  if (ct === '' || ct.includes('json') || ct.includes('event-stream')) return null;
  return `answered ${status} with content-type ${ct.split(';')[0]}, not JSON or an event stream`;
}
