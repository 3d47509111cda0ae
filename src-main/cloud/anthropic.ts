/** Anthropic: chat completions translated to the Messages API and back, streaming included. */
import { request } from 'undici';
import { createParser } from 'eventsource-parser';
import { sendJson } from '../gateway/http.js';
import { AppError } from '../util/errors.js';
import { markFirstToken, noteUsage, type CloudCall } from './call.js';
import { toAnthropicRequest } from './anthropic-request.js';
import { toChatCompletion } from './anthropic-response.js';
import { AnthropicStreamTranslator } from './anthropic-stream.js';
import { relayError } from './passthrough.js';
import { cloudHeaders, errorCode, header, readCapped, SSE_REPLY_HEADERS, upstreamError, writeChunk } from './upstream.js';

/** The Messages API version llmlb speaks. */
export const ANTHROPIC_VERSION = '2023-06-01';

/** Serves one chat completion through the Messages API. */
export async function anthropicChat(call: CloudCall): Promise<void> {
  const { ctx } = call;
  if (call.kind !== 'chat') {
    throw new AppError('not_supported', `anthropic models support chat completions only, not ${call.kind}`);
  }
  const payload = toAnthropicRequest(call.body, call.model);
  const stream = payload.stream === true;
  let res;
  try {
    res = await request(`${call.baseUrl}/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': call.apiKey,
        'anthropic-version': ANTHROPIC_VERSION,
        'content-type': 'application/json',
        accept: stream ? 'text/event-stream' : 'application/json',
      },
      body: JSON.stringify(payload),
      signal: ctx.signal,
      dispatcher: call.dispatcher,
    });
  } catch (e) {
    throw upstreamError('anthropic', e);
  }
  const h = res.headers as Record<string, string | string[] | undefined>;
  if (res.statusCode >= 400) return relayError(call, res.statusCode, res.body, header(h, 'retry-after'));
  const created = Math.floor(call.now() / 1000);
  const model = `anthropic:${call.model}`;
  if ((header(h, 'content-type') ?? '').includes('text/event-stream')) {
    const translator = new AnthropicStreamTranslator({ model, created, includeUsage: includeUsage(call.body) });
    return translateStream(call, res.body, translator);
  }
  let msg: Record<string, unknown>;
  try {
    msg = JSON.parse((await readCapped(res.body)).toString('utf8')) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('upstream_error', 'anthropic: upstream returned a body that is not JSON', { cause: e });
  }
  const completion = toChatCompletion(msg, model, created);
  noteUsage(call, completion.usage);
  call.outcome.status = 200;
  sendJson(ctx.res, 200, completion, cloudHeaders('anthropic'));
}

function includeUsage(body: Readonly<Record<string, unknown>>): boolean {
  return (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
}

async function translateStream(call: CloudCall, body: AsyncIterable<Buffer> & { destroy?: () => void }, t: AnthropicStreamTranslator): Promise<void> {
  const { res } = call.ctx;
  call.outcome.status = 200;
  let out = '';
  const parser = createParser({ onEvent: (ev) => (out += t.push(ev.data)) });
  res.writeHead(200, { ...SSE_REPLY_HEADERS, ...cloudHeaders('anthropic') });
  res.flushHeaders();
  try {
    for await (const chunk of body) {
      parser.feed(chunk.toString('utf8'));
      if (t.contentSeen) markFirstToken(call);
      if (out !== '') {
        const text = out;
        out = '';
        if (!(await writeChunk(res, text))) return;
      }
      if (t.done) break;
    }
  } catch (e) {
    if (call.ctx.signal.aborted) return;
    out += t.end(`anthropic: stream interrupted (${errorCode(e) ?? 'network error'})`);
  }
  out += t.end();
  noteUsage(call, t.usage());
  if (t.failed) call.outcome.error = 'anthropic stream ended with an error';
  if (out !== '') await writeChunk(res, out);
  res.end();
}
