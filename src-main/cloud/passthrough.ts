/** OpenAI and Gemini: OpenAI-compatible pass-through with the prefix stripped; streams copied byte for byte. */
import { request } from 'undici';
import { createParser } from 'eventsource-parser';
import { sendJson } from '../gateway/http.js';
import { AppError } from '../util/errors.js';
import { markFirstToken, noteUsage, type CloudCall } from './call.js';
import { convertEmbeddings } from './embeddings.js';
import { toOpenAiError } from './errors.js';
import type { OpenAiKind } from '../gateway/proxy/types.js';
import { cloudHeaders, errorCode, header, readCapped, sseError, SSE_REPLY_HEADERS, upstreamError, writeChunk } from './upstream.js';

const PATHS: Readonly<Record<OpenAiKind, string>> = {
  chat: '/chat/completions',
  completions: '/completions',
  embeddings: '/embeddings',
  responses: '/responses',
};

/** Gemini's OpenAI layer serves chat and embeddings only. */
const GOOGLE_KINDS: ReadonlySet<OpenAiKind> = new Set(['chat', 'embeddings']);

/** Sends an upstream error reply in OpenAI's shape, keeping the upstream status. */
export async function relayError(call: CloudCall, status: number, body: AsyncIterable<Buffer>, retryAfter?: string): Promise<void> {
  let text = '';
  try {
    text = (await readCapped(body, 1024 * 1024)).toString('utf8');
  } catch {
    text = '';
  }
  const err = toOpenAiError(call.provider, status, text);
  call.outcome.status = status;
  call.outcome.error = err.error.message;
  sendJson(call.ctx.res, status, err, {
    ...(retryAfter ? { 'retry-after': retryAfter } : {}),
    ...cloudHeaders(call.provider),
  });
}

/** Proxies one OpenAI-compatible request to OpenAI or Gemini. */
export async function passThrough(call: CloudCall): Promise<void> {
  const { ctx, provider, kind } = call;
  if (provider === 'google' && !GOOGLE_KINDS.has(kind)) {
    throw new AppError('not_supported', `google models support chat completions and embeddings only, not ${kind}`);
  }
  const stream = call.body.stream === true;
  let res;
  try {
    res = await request(`${call.baseUrl}${PATHS[kind]}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${call.apiKey}`,
        'content-type': 'application/json',
        accept: stream ? 'text/event-stream' : 'application/json',
      },
      body: JSON.stringify({ ...call.body, model: call.model }),
      signal: ctx.signal,
      dispatcher: call.dispatcher,
    });
  } catch (e) {
    throw upstreamError(provider, e);
  }
  const h = res.headers as Record<string, string | string[] | undefined>;
  if (res.statusCode >= 400) return relayError(call, res.statusCode, res.body, header(h, 'retry-after'));
  const type = header(h, 'content-type') ?? 'application/json';
  if (type.includes('text/event-stream')) return copyStream(call, res.statusCode, res.body);
  let buf: Buffer;
  try {
    buf = await readCapped(res.body);
  } catch (e) {
    throw e instanceof AppError ? e : upstreamError(provider, e);
  }
  let json: unknown = null;
  try {
    json = JSON.parse(buf.toString('utf8'));
  } catch {
    throw new AppError('upstream_error', `${provider}: upstream returned a body that is not JSON`);
  }
  noteUsage(call, (json as { usage?: unknown } | null)?.usage);
  call.outcome.status = res.statusCode;
  const converted = kind === 'embeddings' && call.body.encoding_format === 'base64' ? convertEmbeddings(json) : null;
  sendJson(ctx.res, res.statusCode, converted ?? json, cloudHeaders(provider));
}

/** Copies an SSE body as it arrives, watching it for usage; an upstream failure ends it with an error event. */
async function copyStream(call: CloudCall, status: number, body: AsyncIterable<Buffer>): Promise<void> {
  const { res } = call.ctx;
  call.outcome.status = status;
  const parser = createParser({
    onEvent: (ev) => {
      if (ev.data.includes('"usage"') && ev.data !== '[DONE]') {
        try {
          const j = JSON.parse(ev.data) as { usage?: unknown; response?: { usage?: unknown } } | null;
          noteUsage(call, j?.usage ?? j?.response?.usage);
        } catch {
          // not JSON: nothing to note
        }
      }
    },
  });
  res.writeHead(status, { ...SSE_REPLY_HEADERS, ...cloudHeaders(call.provider) });
  res.flushHeaders();
  try {
    for await (const chunk of body) {
      markFirstToken(call);
      parser.feed(chunk.toString('utf8'));
      if (!(await writeChunk(res, chunk))) return;
    }
  } catch (e) {
    if (call.ctx.signal.aborted) return;
    const message = `${call.provider}: stream interrupted (${errorCode(e) ?? 'network error'})`;
    call.outcome.error = message;
    await writeChunk(res, sseError(message));
  }
  res.end();
}
