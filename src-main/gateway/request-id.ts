/** `x-request-id`: the client's when it is a sane token, else a fresh time-ordered UUID (v7). */
import { randomUUID } from 'node:crypto';

// 1–128 printable ASCII characters, no spaces (so it is safe in a header, a log line and a URL query).
const VALID = /^[\x21-\x7e]{1,128}$/;

/**
 * A UUIDv7 (RFC 9562): 48 bits of epoch ms, then randomUUID's random bits and variant. Time-ordered
 * ids keep the request log's `request_id` index append-mostly: random v4 ids made each batched row
 * insert several times dearer as the table grew.
 */
export function uuidV7(now = Date.now()): string {
  const t = now.toString(16).padStart(12, '0');
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${randomUUID().slice(15)}`;
}

/** The id of a request from its `x-request-id` header value. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && VALID.test(header) ? header : uuidV7();
}
