/** Fake Anthropic Messages API: `x-api-key` + `anthropic-version` required, strict body checks, SSE events. */
import { type CommonFakeOptions, type FakeContext, countTokens, fakeId, replyPieces, route } from './common.js';
import { SSE_HEADERS, sendJson, sendJsonNow, sendStream, sseData } from './send.js';
import { type FakeHandle, startFake } from './server.js';

/** Anthropic fake options (common ones only). */
export type AnthropicOptions = CommonFakeOptions;

const TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'overloaded_error',
  529: 'overloaded_error',
};

function err(ctx: FakeContext, status: number, message: string): void {
  sendJsonNow(ctx, status, { type: 'error', error: { type: TYPES[status] ?? 'api_error', message } }, { 'request-id': fakeId('req_') });
}

type Body = Record<string, unknown>;

/** Checks a Messages request the way the real API does; returns an error message or null. */
function invalid(b: Body): string | null {
  if (typeof b.model !== 'string') return 'model: Field required';
  if (typeof b.max_tokens !== 'number') return 'max_tokens: Field required';
  if (!Array.isArray(b.messages) || b.messages.length === 0) return 'messages: Field required';
  for (const m of b.messages as { role?: unknown }[]) {
    if (m.role !== 'user' && m.role !== 'assistant') {
      return `messages: Unexpected role "${String(m.role)}". The Messages API accepts a top-level \`system\` parameter, not "system" as an input message role.`;
    }
  }
  return null;
}

/** Starts an Anthropic fake. Any non-empty `x-api-key` passes unless `apiKey` is set. */
export async function startFakeAnthropic(opts: AnthropicOptions = {}): Promise<FakeHandle<AnthropicOptions>> {
  return startFake('anthropic', opts, ['claude-sonnet-4-5', 'claude-haiku-4-5'], (f) => ({
    alwaysAuth: true,
    authorized: (ctx, key) => {
      const got = ctx.req.headers['x-api-key'];
      return typeof got === 'string' && got !== '' && (key === null || got === key);
    },
    unauthorized: (ctx) => err(ctx, 401, 'invalid x-api-key'),
    error: err,
    loading: (ctx) => err(ctx, 529, 'Overloaded'),
    notFound: (ctx) => err(ctx, 404, 'Not Found'),
    routes: [
      route('GET', '/v1/models', (ctx) =>
        sendJson(ctx, 200, {
          data: f.models.map((m) => ({ type: 'model', id: m.id, display_name: m.id, created_at: '2025-09-29T00:00:00Z' })),
          has_more: false,
          first_id: f.models[0]?.id ?? null,
          last_id: f.models.at(-1)?.id ?? null,
        }),
      ),
      route('POST', '/v1/messages', async (ctx) => {
        if (!ctx.req.headers['anthropic-version']) return err(ctx, 400, 'anthropic-version: header is required');
        const b = (typeof ctx.body === 'object' && ctx.body !== null ? ctx.body : {}) as Body;
        const bad = invalid(b);
        if (bad) return err(ctx, 400, bad);
        const model = b.model as string;
        if (!f.models.some((m) => m.id === model)) return err(ctx, 404, `model: ${model}`);
        const pieces = replyPieces(opts, b.max_tokens as number);
        const stop = pieces.length < replyPieces(opts).length ? 'max_tokens' : 'end_turn';
        const input = countTokens([b.system ?? '', b.messages]);
        const id = fakeId('msg_');
        const usage = { input_tokens: input, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: pieces.length };
        if (b.stream !== true) {
          await sendJson(ctx, 200, {
            id,
            type: 'message',
            role: 'assistant',
            model,
            content: [{ type: 'text', text: pieces.join('') }],
            stop_reason: stop,
            stop_sequence: null,
            usage,
          });
          return;
        }
        const ev = (type: string, data: Record<string, unknown>): string => sseData({ type, ...data }, type);
        await sendStream(ctx, {
          headers: { ...SSE_HEADERS, 'request-id': fakeId('req_') },
          pieces: [
            ev('message_start', {
              message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
            }),
            ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
            ev('ping', {}),
            ...pieces.map((text) => ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text } })),
            ev('content_block_stop', { index: 0 }),
            ev('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: pieces.length } }),
            ev('message_stop', {}),
          ],
        });
      }),
    ],
  }));
}
