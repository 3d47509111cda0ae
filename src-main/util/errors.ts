/** Application errors with stable codes; shaped into OpenAI / Ollama / admin JSON only at the HTTP edge. */

/** Every stable error code (the UI has a localised message for each). The admin ones are SPEC §2; the rest are used by the gateway. */
export const ERROR_CODES = [
  'invalid_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'headers_too_large',
  'not_supported',
  'endpoint_unreachable',
  'internal_error',
  'model_not_found',
  'no_endpoint_available',
  'rate_limited',
  'queue_full',
  'queue_timeout',
  'upstream_error',
  'upstream_timeout',
  'method_not_allowed',
] as const;

/** A stable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Default HTTP status of each code. */
export const STATUS_OF: Readonly<Record<ErrorCode, number>> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  headers_too_large: 431,
  not_supported: 400,
  endpoint_unreachable: 503,
  internal_error: 500,
  model_not_found: 404,
  no_endpoint_available: 503,
  rate_limited: 429,
  queue_full: 429,
  queue_timeout: 503,
  upstream_error: 502,
  upstream_timeout: 504,
  method_not_allowed: 405,
};

/** Options of an AppError. */
export interface AppErrorOptions {
  readonly status?: number;
  readonly cause?: unknown;
  /** Seconds for a `Retry-After` header. */
  readonly retryAfter?: number;
  /** The request field at fault, when there is one (OpenAI `param`). */
  readonly param?: string;
}

/** An error whose message is safe to show to the caller. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryAfter: number | undefined;
  readonly param: string | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? STATUS_OF[code];
    this.retryAfter = options.retryAfter;
    this.param = options.param;
  }
}

/** True when `e` is an AppError. */
export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Turns anything thrown into an AppError; unknown errors become a generic internal error (no details leak). */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  return new AppError('internal_error', 'Internal error', { cause: e });
}

/** Exhaustiveness check for discriminated unions. */
export function assertNever(x: never): never {
  throw new Error(`Unexpected value: ${String(x)}`);
}
