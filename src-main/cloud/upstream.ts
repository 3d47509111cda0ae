/** Small HTTP helpers shared by the cloud providers: error mapping, capped reads, backpressured writes. */
import type { ServerResponse } from 'node:http';
import type { CloudProvider } from '../admin/types.js';
import { AppError } from '../util/errors.js';

/** What a provider handler learned about one request, for the request log. */
export interface Outcome {
  status: number;
  ttftMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  error: string | null;
}

/** Largest upstream body read whole (non-stream replies, error bodies). */
export const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** The undici / system error code of an error or its cause. */
export function errorCode(e: unknown): string | undefined {
  const err = e as { code?: unknown; cause?: { code?: unknown } } | null;
  if (typeof err?.code === 'string') return err.code;
  if (typeof err?.cause?.code === 'string') return err.cause.code;
  return undefined;
}

/** A network failure talking to a provider as a 502/504 AppError (branching on `code`, not text). */
export function upstreamError(provider: CloudProvider, e: unknown): AppError {
  const code = errorCode(e) ?? 'network error';
  if (TIMEOUT_CODES.has(code)) return new AppError('upstream_timeout', `${provider}: upstream timed out (${code})`, { cause: e });
  return new AppError('upstream_error', `${provider}: cannot reach the provider (${code})`, { cause: e });
}

/** Reads a body whole, up to `limit` bytes (502 past it). */
export async function readCapped(body: AsyncIterable<Buffer>, limit = MAX_BUFFERED_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of body) {
    size += c.length;
    if (size > limit) throw new AppError('upstream_error', `upstream reply exceeds ${limit} bytes`);
    chunks.push(c);
  }
  return Buffer.concat(chunks, size);
}

/** Writes a chunk, waiting for `drain` when the client is slow; false when the client is gone. */
export async function writeChunk(res: ServerResponse, chunk: Buffer | string): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return false;
  if (res.write(chunk)) return true;
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

/** The first value of a response header. */
export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Names the provider like the core names endpoints: `cloud:<provider>` (the statistics key) and the bare name. */
export function cloudHeaders(provider: CloudProvider): Record<string, string> {
  return { 'x-llmlb-endpoint': `cloud:${provider}`, 'x-llmlb-endpoint-name': provider };
}

/** Headers of an SSE reply to the client. */
export const SSE_REPLY_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
};

/** One SSE `data:` event carrying an OpenAI error (the committed-stream failure signal). */
export function sseError(message: string, code = 'upstream_error'): string {
  return `data: ${JSON.stringify({ error: { message, type: 'server_error', param: null, code } })}\n\n`;
}
