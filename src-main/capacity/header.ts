/** `x-llmlb-queue-timeout: SECONDS`: a client's own limit on how long its request may wait for a slot. */
import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '../util/errors.js';

/** The request header (seconds, decimals allowed; 0 = do not wait). */
export const QUEUE_TIMEOUT_HEADER = 'x-llmlb-queue-timeout';

/** Longest wait a client may ask for, in seconds (the same bound as `LLMLB_QUEUE_WAIT_SECS`). */
export const MAX_QUEUE_TIMEOUT_SECS = 3600;

/** The client's wait limit in ms, `{}` without the header; 400 `invalid_request` for a bad value. */
export function queueTimeoutOf(headers: IncomingHttpHeaders): { maxWaitMs?: number } {
  const raw = headers[QUEUE_TIMEOUT_HEADER];
  if (raw === undefined) return {};
  const text = Array.isArray(raw) ? raw[0] : raw;
  const secs = text !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(secs >= 0 && secs <= MAX_QUEUE_TIMEOUT_SECS)) {
    throw new AppError('invalid_request', `${QUEUE_TIMEOUT_HEADER} must be a number of seconds from 0 to ${MAX_QUEUE_TIMEOUT_SECS}`);
  }
  return { maxWaitMs: Math.round(secs * 1000) };
}
