/**
 * Inference routes of the llama.cpp fake in llama-server's own shapes (observed on a real build,
 * tests/real/): chat, completions, embeddings and its sparse Responses API.
 */
import { type FakeContext, type Route, countTokens, embedVector, floatsToBase64, nowSecs, replyPieces, route } from './common.js';
import { sendJson, sendStream } from './send.js';

/** `Content-Type` of every llama-server JSON answer. */
export const LLAMA_JSON = { 'Content-Type': 'application/json; charset=utf-8' } as const;
/** Headers of a llama-server SSE answer (chunked, no Cache-Control). */
export const LLAMA_SSE = { 'Content-Type': 'text/event-stream', 'X-Accel-Buffering': 'no' } as const;

/** What one generation asks of the slot scheduler. */
export interface Generation {
  readonly nPrompt: number;
  readonly nPredict: number;
  readonly stream: boolean;
}

/** What the routes need from the fake. */
export interface LlamaInferenceDeps {
  /** The served model's name (`-a`, else the `-m` path): every answer's `model`. */
  alias(): string;
  /** `build_info`, also the `system_fingerprint`. */
  build(): string;
  /** Per-slot context. */
  nCtx(): number;
  /** `--embeddings` given. */
  embeddings(): boolean;
  /** Runs a generation in a slot (waits for one when all are busy). */
  around(ctx: FakeContext, g: Generation, run: () => Promise<void>): Promise<void>;
  /** The tool call to answer when a chat request offers tools (null: text). */
  toolCall(): ToolCallReply | null;
  /** Sends `{error:{code,message,type}}` (see sendError). */
  error(ctx: FakeContext, status: number, message: string, type: string): void;
}

type Body = Record<string, unknown>;

/** A tool call the fake answers with: the function's name and its arguments as JSON text. */
export interface ToolCallReply {
  readonly name: string;
  readonly arguments: string;
}

/** llama-server's ids: a prefix and 32 random letters and digits. */
function llamaId(prefix: string): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return prefix + Array.from({ length: 32 }, () => abc[Math.floor(Math.random() * abc.length)]).join('');
}

function timings(nPrompt: number, nPredicted: number): Record<string, number> {
  return {
    cache_n: 0,
    prompt_n: nPrompt,
    prompt_ms: 1.2,
    prompt_per_token_ms: 1.2 / nPrompt,
    prompt_per_second: (nPrompt * 1000) / 1.2,
    predicted_n: nPredicted,
    predicted_ms: 5.4,
    predicted_per_token_ms: 5.4 / Math.max(1, nPredicted),
    predicted_per_second: (nPredicted * 1000) / 5.4,
  };
}

function usage(nPrompt: number, nPredicted: number): Record<string, unknown> {
  return { completion_tokens: nPredicted, prompt_tokens: nPrompt, total_tokens: nPrompt + nPredicted, prompt_tokens_details: { cached_tokens: 0 } };
}

const sse = (data: unknown, event?: string): string => `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

function limitOf(b: Body, ...names: string[]): number | undefined {
  for (const n of names) if (typeof b[n] === 'number') return b[n] as number;
  return undefined;
}

/** The reply for a request: pieces (at most `limit`) and the finish reason llama-server reports. */
function reply(ctx: FakeContext, limit: number | undefined): { pieces: string[]; finish: 'stop' | 'length' } {
  const pieces = replyPieces(ctx.options, limit);
  return { pieces, finish: limit !== undefined && limit < replyPieces(ctx.options).length ? 'length' : 'stop' };
}

/** The four inference routes. */
export function llamaInferenceRoutes(d: LlamaInferenceDeps): Route[] {
  /** Context check, then the slot: an over-long prompt is refused before anything streams. */
  const generate = (ctx: FakeContext, nPrompt: number, g: Omit<Generation, 'nPrompt'>, run: () => Promise<void>): Promise<void> => {
    if (nPrompt > d.nCtx()) {
      return Promise.resolve(
        sendError(ctx, 400, {
          code: 400,
          message: `request (${nPrompt} tokens) exceeds the available context size (${d.nCtx()} tokens), try increasing it`,
          type: 'exceed_context_size_error',
          n_prompt_tokens: nPrompt,
          n_ctx: d.nCtx(),
        }),
      );
    }
    return d.around(ctx, { nPrompt, ...g }, run);
  };
  const body = (ctx: FakeContext): Body => (typeof ctx.body === 'object' && ctx.body !== null ? (ctx.body as Body) : {});

  /** llama-server answers some client mistakes with 500 server_error, a bad JSON body among them. */
  const clientMistake = (ctx: FakeContext, b: Body): boolean => {
    let message: string | null = null;
    if (typeof ctx.body === 'string' && ctx.body !== '') {
      message = `[json.exception.parse_error.101] parse error at line 1, column 1: syntax error while parsing value - invalid literal; last read: '${ctx.body.slice(0, 1)}'`;
    } else if (Array.isArray(b.messages)) {
      const m = (b.messages as unknown[]).find((x) => typeof x !== 'object' || x === null || !('role' in x));
      const image = (b.messages as Body[]).some((x) => Array.isArray(x?.content) && (x.content as Body[]).some((p) => p?.type === 'image_url'));
      if (m !== undefined) message = `Failed to parse messages: Missing 'role' in message: ${JSON.stringify(m)}`;
      else if (image) message = 'image input is not supported - hint: if this is unexpected, you may need to provide the mmproj';
    }
    if (message === null) return false;
    d.error(ctx, 500, message, 'server_error');
    return true;
  };

  return [
    route('POST', '/v1/chat/completions', (ctx) => {
      const b = body(ctx);
      if (clientMistake(ctx, b)) return;
      if (!Array.isArray(b.messages)) return d.error(ctx, 400, "Expected 'messages' to be an array", 'invalid_request_error');
      const limit = limitOf(b, 'max_completion_tokens', 'max_tokens', 'n_predict');
      const nPrompt = countTokens(b.messages);
      return generate(ctx, nPrompt, { nPredict: limit ?? -1, stream: b.stream === true }, () => chat(ctx, d, b, nPrompt, limit));
    }),
    route('POST', '/v1/completions', (ctx) => {
      const b = body(ctx);
      if (clientMistake(ctx, b)) return;
      if (b.prompt === undefined) return d.error(ctx, 400, "[json.exception.out_of_range.403] key 'prompt' not found", 'invalid_request_error');
      const prompts = Array.isArray(b.prompt) && b.prompt.some((x) => typeof x === 'string' || Array.isArray(x)) ? (b.prompt as unknown[]) : [b.prompt];
      const limit = limitOf(b, 'max_tokens', 'n_predict');
      const nPrompt = Math.max(...prompts.map((p) => countTokens(p)));
      return generate(ctx, nPrompt, { nPredict: limit ?? -1, stream: b.stream === true }, () => completions(ctx, d, b, prompts, limit));
    }),
    route('POST', '/v1/embeddings', (ctx) => {
      if (!d.embeddings()) return d.error(ctx, 501, 'This server does not support embeddings. Start it with `--embeddings`', 'not_supported_error');
      const b = body(ctx);
      if (clientMistake(ctx, b)) return;
      const input = b.input ?? b.content;
      if (input === undefined) return d.error(ctx, 400, '"input" or "content" must be provided', 'invalid_request_error');
      const inputs = Array.isArray(input) && !input.every((x) => typeof x === 'number') ? (input as unknown[]) : [input];
      const prompt = (x: unknown): boolean => typeof x === 'string' || (Array.isArray(x) && x.every((t) => Number.isInteger(t)));
      if (!inputs.every(prompt)) {
        const message = '"prompt" elements must be a string, a list of tokens, a JSON object containing a prompt string, or a list of mixed strings & tokens.';
        return d.error(ctx, 500, message, 'server_error');
      }
      const nPrompt = Math.max(...inputs.map((x) => countTokens(x)));
      return generate(ctx, nPrompt, { nPredict: 0, stream: false }, () => embeddings(ctx, b, inputs));
    }),
    route('POST', '/v1/responses', (ctx) => {
      const b = body(ctx);
      const limit = limitOf(b, 'max_output_tokens');
      const nPrompt = countTokens([b.instructions ?? '', b.input ?? '']);
      return generate(ctx, nPrompt, { nPredict: limit ?? -1, stream: b.stream === true }, () => responses(ctx, d, b, nPrompt, limit));
    }),
  ];
}

/** A llama-server error body, closing the connection as it does after every 4xx/5xx. */
export function sendError(ctx: FakeContext, status: number, error: Record<string, unknown>): void {
  const text = JSON.stringify({ error });
  ctx.res.writeHead(status, { ...LLAMA_JSON, Connection: 'close', 'Content-Length': String(Buffer.byteLength(text)) });
  ctx.res.end(text);
}

async function chat(ctx: FakeContext, d: LlamaInferenceDeps, b: Body, nPrompt: number, limit: number | undefined): Promise<void> {
  const call = Array.isArray(b.tools) && b.tools.length > 0 && b.tool_choice !== 'none' ? d.toolCall() : null;
  if (call) return toolCallChat(ctx, d, b, nPrompt, call);
  const { pieces, finish } = reply(ctx, limit);
  const head = { created: nowSecs(), model: d.alias(), system_fingerprint: d.build() };
  const id = llamaId('chatcmpl-');
  if (b.stream !== true) {
    await sendJson(
      ctx,
      200,
      {
        choices: [{ finish_reason: finish, index: 0, message: { role: 'assistant', content: pieces.join('') } }],
        ...head,
        object: 'chat.completion',
        usage: usage(nPrompt, pieces.length),
        id,
        timings: timings(nPrompt, pieces.length),
      },
      LLAMA_JSON,
    );
    return;
  }
  const chunk = (choices: unknown[], more: Body = {}): string => sse({ choices, created: head.created, id, model: head.model, system_fingerprint: head.system_fingerprint, object: 'chat.completion.chunk', ...more });
  const choice = (delta: Body, finishReason: string | null = null): Body => ({ finish_reason: finishReason, index: 0, delta });
  const withUsage = (b.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
  const out = [chunk([choice({ role: 'assistant', content: null })]), ...pieces.map((p) => chunk([choice({ content: p })]))];
  // The finish chunk carries the timings, unless a usage chunk follows (then that one has them).
  out.push(chunk([choice({}, finish)], withUsage ? {} : { timings: timings(nPrompt, pieces.length) }));
  if (withUsage) out.push(chunk([], { usage: usage(nPrompt, pieces.length), timings: timings(nPrompt, pieces.length) }));
  out.push(sse('[DONE]'));
  await sendStream(ctx, { headers: LLAMA_SSE, pieces: out });
}

/** A tool-call answer: `content:null` and `tool_calls`; streamed as the call's head (id, name) then argument pieces. */
async function toolCallChat(ctx: FakeContext, d: LlamaInferenceDeps, b: Body, nPrompt: number, call: ToolCallReply): Promise<void> {
  const head = { created: nowSecs(), model: d.alias(), system_fingerprint: d.build() };
  const id = llamaId('chatcmpl-');
  const callId = llamaId('');
  const nOut = Math.max(1, countTokens(call.arguments));
  if (b.stream !== true) {
    const message = { role: 'assistant', content: null, tool_calls: [{ type: 'function', function: { name: call.name, arguments: call.arguments }, id: callId }] };
    await sendJson(ctx, 200, { choices: [{ finish_reason: 'tool_calls', index: 0, message }], ...head, object: 'chat.completion', usage: usage(nPrompt, nOut), id, timings: timings(nPrompt, nOut) }, LLAMA_JSON);
    return;
  }
  const chunk = (choices: unknown[], more: Body = {}): string => sse({ choices, ...head, id, object: 'chat.completion.chunk', ...more });
  const choice = (delta: Body, finishReason: string | null = null): Body => ({ finish_reason: finishReason, index: 0, delta });
  const third = Math.ceil(call.arguments.length / 3);
  const argPieces = [0, 1, 2].map((i) => call.arguments.slice(i * third, (i + 1) * third)).filter((x) => x !== '');
  const out = [
    chunk([choice({ role: 'assistant', content: null })]),
    chunk([choice({ tool_calls: [{ index: 0, id: callId, type: 'function', function: { name: call.name, arguments: '' } }] })]),
    ...argPieces.map((a) => chunk([choice({ tool_calls: [{ index: 0, function: { arguments: a } }] })])),
    chunk([choice({}, 'tool_calls')]),
  ];
  if ((b.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true) out.push(chunk([], { usage: usage(nPrompt, nOut), timings: timings(nPrompt, nOut) }));
  out.push(sse('[DONE]'));
  await sendStream(ctx, { headers: LLAMA_SSE, pieces: out });
}

async function completions(ctx: FakeContext, d: LlamaInferenceDeps, b: Body, prompts: unknown[], limit: number | undefined): Promise<void> {
  const { pieces, finish } = reply(ctx, limit);
  const nPrompt = countTokens(prompts[0]);
  const head = { created: nowSecs(), model: d.alias(), system_fingerprint: d.build(), object: 'text_completion' };
  const id = llamaId('chatcmpl-');
  if (b.stream !== true) {
    await sendJson(
      ctx,
      200,
      {
        choices: prompts.map((_, index) => ({ text: pieces.join(''), index, logprobs: null, finish_reason: finish })),
        ...head,
        // llama-server reports the usage of one prompt, whatever their number.
        usage: usage(nPrompt, pieces.length),
        id,
        timings: timings(nPrompt, pieces.length),
      },
      LLAMA_JSON,
    );
    return;
  }
  const chunk = (index: number, text: string, finishReason: string | null): string =>
    sse({
      choices: [{ text, index, logprobs: null, finish_reason: finishReason }],
      ...head,
      ...(finishReason ? { usage: usage(countTokens(prompts[index]), pieces.length) } : {}),
      id,
      ...(finishReason ? { timings: timings(countTokens(prompts[index]), pieces.length) } : {}),
    });
  // Usage rides on each prompt's finish chunk, include_usage or not; there is no `choices: []` chunk.
  // Several prompts stream interleaved after a stray `data: null`.
  const out: string[] = prompts.length > 1 ? [sse('null')] : [];
  for (let i = 0; i < pieces.length; i++) prompts.forEach((_, p) => out.push(chunk(p, pieces[i]!, null)));
  prompts.forEach((_, p) => out.push(chunk(p, '', finish)));
  out.push(sse('[DONE]'));
  await sendStream(ctx, { headers: LLAMA_SSE, pieces: out });
}

async function embeddings(ctx: FakeContext, b: Body, inputs: unknown[]): Promise<void> {
  const dims = ctx.options.embeddingDims ?? 8;
  const base64 = b.encoding_format === 'base64';
  const n = inputs.reduce<number>((s, x) => s + countTokens(x), 0);
  await sendJson(
    ctx,
    200,
    {
      model: b.model,
      object: 'list',
      usage: { prompt_tokens: n, total_tokens: n },
      data: inputs.map((x, index) => {
        const v = embedVector(x, dims);
        return base64 ? { embedding: floatsToBase64(v), index, object: 'embedding', encoding_format: 'base64' } : { embedding: v, index, object: 'embedding' };
      }),
    },
    LLAMA_JSON,
  );
}

/** llama-server's Responses API: no sequence_number, output_index or content_index; bare response objects until the end. */
async function responses(ctx: FakeContext, d: LlamaInferenceDeps, b: Body, nPrompt: number, limit: number | undefined): Promise<void> {
  const { pieces } = reply(ctx, limit);
  const text = pieces.join('');
  const id = llamaId('resp_');
  const msgId = llamaId('msg_');
  const created = nowSecs();
  const part = { type: 'output_text', annotations: [], logprobs: [], text };
  const resUsage = { input_tokens: nPrompt, output_tokens: pieces.length, total_tokens: nPrompt + pieces.length, input_tokens_details: { cached_tokens: 0 } };
  if (b.stream !== true) {
    await sendJson(
      ctx,
      200,
      {
        completed_at: created,
        created_at: created,
        id,
        model: d.alias(),
        object: 'response',
        output: [{ content: [part], id: msgId, role: 'assistant', status: 'completed', type: 'message' }],
        status: 'completed',
        usage: resUsage,
      },
      LLAMA_JSON,
    );
    return;
  }
  const ev = (type: string, data: Body): string => sse({ type, ...data }, type);
  const bare = { id, object: 'response', status: 'in_progress' };
  const item = { type: 'message', status: 'completed', id: msgId, content: [part], role: 'assistant' };
  const out = [
    ev('response.created', { response: bare }),
    ev('response.in_progress', { response: bare }),
    ev('response.output_item.added', { item: { content: [], id: msgId, role: 'assistant', status: 'in_progress', type: 'message' } }),
    ev('response.content_part.added', { item_id: msgId, part: { type: 'output_text', text: '' } }),
    ...pieces.map((delta) => ev('response.output_text.delta', { item_id: msgId, delta })),
    ev('response.output_text.done', { item_id: msgId, text }),
    ev('response.content_part.done', { item_id: msgId, part }),
    ev('response.output_item.done', { item }),
    ev('response.completed', {
      response: { id, object: 'response', created_at: created, status: 'completed', model: d.alias(), output: [item], usage: resUsage },
      timings: timings(nPrompt, pieces.length),
    }),
  ];
  await sendStream(ctx, { headers: LLAMA_SSE, pieces: out });
}
