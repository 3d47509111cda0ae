/** A minimal but valid OpenAI Responses API (`POST /v1/responses`), non-stream and SSE. */
import { type FakeContext, countTokens, fakeId, nowSecs, replyPieces } from './common.js';
import { SSE_HEADERS, sendJson, sendStream, sseData } from './send.js';

type Body = Record<string, unknown>;

/** Answers a Responses API request the way OpenAI documents it. */
export async function responsesRoute(ctx: FakeContext, b: Body, model: string): Promise<void> {
  const limit = typeof b.max_output_tokens === 'number' ? b.max_output_tokens : undefined;
  const pieces = replyPieces(ctx.options, limit);
  const text = pieces.join('');
  const id = fakeId('resp_');
  const msgId = fakeId('msg_');
  const inputTokens = countTokens([b.instructions ?? '', b.input ?? '']);
  const usage = {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: pieces.length,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + pieces.length,
  };
  const base = {
    id,
    object: 'response',
    created_at: nowSecs(),
    error: null,
    incomplete_details: null,
    instructions: b.instructions ?? null,
    max_output_tokens: limit ?? null,
    model,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: b.store ?? true,
    temperature: b.temperature ?? 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: b.top_p ?? 1,
    truncation: 'disabled',
    user: null,
    metadata: {},
  };
  const part = (t: string): Record<string, unknown> => ({ type: 'output_text', text: t, annotations: [], logprobs: [] });
  const item = (status: string, content: unknown[]): Record<string, unknown> => ({
    id: msgId,
    type: 'message',
    status,
    role: 'assistant',
    content,
  });
  const done = { ...base, status: 'completed', output: [item('completed', [part(text)])], usage };
  if (b.stream !== true) {
    await sendJson(ctx, 200, done);
    return;
  }
  let seq = 0;
  const ev = (type: string, data: Record<string, unknown>): string => sseData({ type, sequence_number: seq++, ...data }, type);
  const inProgress = { ...base, status: 'in_progress', output: [], usage: null };
  const out = [
    ev('response.created', { response: inProgress }),
    ev('response.in_progress', { response: inProgress }),
    ev('response.output_item.added', { output_index: 0, item: item('in_progress', []) }),
    ev('response.content_part.added', { item_id: msgId, output_index: 0, content_index: 0, part: part('') }),
    ...pieces.map((delta) =>
      ev('response.output_text.delta', { item_id: msgId, output_index: 0, content_index: 0, delta, logprobs: [] }),
    ),
    ev('response.output_text.done', { item_id: msgId, output_index: 0, content_index: 0, text, logprobs: [] }),
    ev('response.content_part.done', { item_id: msgId, output_index: 0, content_index: 0, part: part(text) }),
    ev('response.output_item.done', { output_index: 0, item: item('completed', [part(text)]) }),
    ev('response.completed', { response: done }),
  ];
  await sendStream(ctx, { headers: SSE_HEADERS, pieces: out });
}
