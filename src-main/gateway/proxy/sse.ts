/** Server-sent-event helpers: whole-event framing and the error event that ends a committed OpenAI stream. */
import type { StreamFailure } from './transform.js';

/** The OpenAI error object of a mid-stream failure. */
export function streamErrorObject(f: StreamFailure): { message: string; type: string; param: null; code: string } {
  return { message: f.message, type: 'server_error', param: null, code: f.code };
}

/**
 * One SSE event that makes OpenAI clients fail the stream. Chat/completions: `data: {"error":{…}}`
 * (the openai SDK throws on any event whose data has `error`). Responses API: `event: error` with
 * `{type:"error", sequence_number, error:{…}}`, the shape the Vercel AI SDK validates, which also
 * carries `error` for the openai SDK.
 */
export function sseErrorEvent(f: StreamFailure, responsesApi = false): string {
  const error = streamErrorObject(f);
  if (responsesApi) {
    return `event: error\ndata: ${JSON.stringify({ type: 'error', sequence_number: 0, error, code: error.code, message: error.message, param: null })}\n\n`;
  }
  return `data: ${JSON.stringify({ error })}\n\n`;
}

/** True for an SSE content type. */
export function isEventStream(contentType: string | undefined): boolean {
  return (contentType ?? '').toLowerCase().startsWith('text/event-stream');
}

/** End offset of the last complete event (just past its blank line) in `buf`, or 0. */
export function lastEventEnd(buf: Buffer): number {
  // Upstreams write whole events, so a chunk almost always ends with its blank line: answer that
  // from the last bytes instead of three backward searches (this runs for every streamed chunk).
  const n = buf.length;
  if (n >= 2) {
    const a = buf[n - 2];
    const b = buf[n - 1];
    if ((a === 0x0a && b === 0x0a) || (a === 0x0d && b === 0x0d)) return n;
    if (n >= 4 && a === 0x0d && b === 0x0a && buf[n - 4] === 0x0d && buf[n - 3] === 0x0a) return n;
  }
  const lf = buf.lastIndexOf('\n\n');
  const crlf = buf.lastIndexOf('\r\n\r\n');
  const cr = buf.lastIndexOf('\r\r');
  return Math.max(lf === -1 ? 0 : lf + 2, crlf === -1 ? 0 : crlf + 4, cr === -1 ? 0 : cr + 2);
}

/**
 * Forwards SSE bytes in whole events only. Upstreams write one event per chunk, so this almost never
 * holds anything back; when TCP splits an event, the head waits for its tail. The point is failure:
 * if the upstream dies mid-event, the client has seen only complete events and our error event
 * parses cleanly, instead of being glued to half a JSON object.
 */
export class SseFramer {
  #carry: Buffer | null = null;

  /** Bytes that may go to the client now (null: none yet). */
  push(chunk: Buffer): Buffer | null {
    const buf = this.#carry ? Buffer.concat([this.#carry, chunk]) : chunk;
    const end = lastEventEnd(buf);
    if (end === buf.length) {
      this.#carry = null;
      return buf;
    }
    // Copy the held tail: `buf` may be a view on a buffer the upstream body reuses.
    this.#carry = Buffer.from(buf.subarray(end));
    return end === 0 ? null : buf.subarray(0, end);
  }

  /**
   * At a clean end of the upstream body: the held bytes, completed with a blank line when they end
   * with a full line (a lenient server that omits the final blank line), or `truncated` when the
   * upstream stopped in the middle of a line.
   */
  finish(): Buffer | null | 'truncated' {
    const rest = this.#carry;
    this.#carry = null;
    if (!rest || rest.toString('utf8').trim() === '') return rest;
    const last = rest[rest.length - 1];
    return last === 0x0a || last === 0x0d ? Buffer.concat([rest, Buffer.from('\n')]) : 'truncated';
  }
}
