/** `x-request-id`: the client's when it is a sane token, else a fresh UUID. */
import { randomUUID } from 'node:crypto';

// 1–128 printable ASCII characters, no spaces (so it is safe in a header, a log line and a URL query).
const VALID = /^[\x21-\x7e]{1,128}$/;

/** The id of a request from its `x-request-id` header value. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && VALID.test(header) ? header : randomUUID();
}
