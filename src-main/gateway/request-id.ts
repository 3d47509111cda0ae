/** `x-request-id`: the client's when it is a sane token, else a fresh random UUID. */
import { randomUUID } from 'node:crypto';

// 1–128 printable ASCII characters, no spaces (so it is safe in a header, a log line and a URL query).
const VALID = /^[\x21-\x7e]{1,128}$/;

/**
 * The id of a request from its `x-request-id` header value. A generated id is a v4 UUID: one string
 * from node's batched random pool (a time-ordered v7 built from pieces allocated ~10× more per request).
 */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && VALID.test(header) ? header : randomUUID();
}
