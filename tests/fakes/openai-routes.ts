/** OpenAI-compatible inference routes shared by the local fakes: chat, completions, embeddings, responses. */
import {
  type FakeContext,
  type Route,
  countTokens,
  embedVector,
  fakeId,
  floatsToBase64,
  nowSecs,
  replyPieces,
  route,
} from './common.js';
import { responsesRoute } from './responses.js';
import { SSE_HEADERS, sendJson, sendStream, sseData } from './send.js';

/**
 * How a server shapes its chat stream: llama.cpp's first chunk is `{role, content:null}`; OpenAI and
 * vLLM send `{role, content:""}`; Ollama repeats `role` in every delta and has no separate role chunk.
 */
export type ChatStyle = 'llamacpp' | 'openai' | 'vllm' | 'ollama';

/** Per-type behaviour of the shared inference routes. */
export interface InferenceConfig {
  readonly style: ChatStyle;
  /** Route prefix (default `/v1`; Gemini uses `/v1beta/openai`). */
  readonly prefix?: string;
  /** Ollama's `/v1/completions` accepts only a string prompt. */
  readonly stringPromptOnly?: boolean;
  /** Whether the model is served (default: any). */
  readonly hasModel?: (model: string) => boolean;
  readonly modelNotFound: (ctx: FakeContext, model: string) => void;
  readonly badRequest: (ctx: FakeContext, message: string) => void;
  /** Handles the request itself (e.g. llama.cpp without `--embeddings`) and returns true, or false. */
  readonly embeddingsRefused?: (ctx: FakeContext) => boolean;
  /** Wraps a generation (llama.cpp slots). */
  readonly around?: (ctx: FakeContext, run: () => Promise<void>) => Promise<void>;
  /** Extra fields for non-stream chat/completion bodies (llama.cpp `timings`). */
  readonly extra?: () => Record<string, unknown>;
}

type Body = Record<string, unknown>;

/** The four OpenAI inference routes, shaped for one server type. */
export function inferenceRoutes(cfg: InferenceConfig): Route[] {
  const p = cfg.prefix ?? '/v1';
  const guard = (ctx: FakeContext, run: (b: Body, model: string) => Promise<void>): Promise<void> => {
    const b = (typeof ctx.body === 'object' && ctx.body !== null ? ctx.body : {}) as Body;
    const model = typeof b.model === 'string' ? b.model : '';
    if (!model) return Promise.resolve(cfg.badRequest(ctx, "'model' is required"));
    if (cfg.hasModel && !cfg.hasModel(model)) return Promise.resolve(cfg.modelNotFound(ctx, model));
    const go = (): Promise<void> => run(b, model);
    return cfg.around ? cfg.around(ctx, go) : go();
  };
  return [
    route('POST', `${p}/chat/completions`, (ctx) => guard(ctx, (b, m) => chat(ctx, cfg, b, m))),
    route('POST', `${p}/completions`, (ctx) => guard(ctx, (b, m) => completions(ctx, cfg, b, m))),
    route('POST', `${p}/embeddings`, (ctx) => {
      if (cfg.embeddingsRefused?.(ctx)) return;
      return guard(ctx, (b, m) => embeddings(ctx, cfg, b, m));
    }),
    route('POST', `${p}/responses`, (ctx) => guard(ctx, (b, m) => responsesRoute(ctx, b, m))),
  ];
}

function usageOf(prompt: unknown, completion: number): Record<string, number> {
  const pt = countTokens(prompt);
  return { prompt_tokens: pt, completion_tokens: completion, total_tokens: pt + completion };
}

function maxTokens(b: Body): number | undefined {
  const v = b.max_completion_tokens ?? b.max_tokens;
  return typeof v === 'number' ? v : undefined;
}

function includeUsage(b: Body): boolean {
  const so = b.stream_options as { include_usage?: unknown } | undefined;
  return so?.include_usage === true;
}

async function chat(ctx: FakeContext, cfg: InferenceConfig, b: Body, model: string): Promise<void> {
  if (!Array.isArray(b.messages) || b.messages.length === 0) return cfg.badRequest(ctx, "'messages' must be a non-empty array");
  const limit = maxTokens(b);
  const pieces = replyPieces(ctx.options, limit);
  const finish = limit !== undefined && limit < replyPieces(ctx.options).length ? 'length' : 'stop';
  const usage = usageOf(b.messages, pieces.length);
  const id = fakeId('chatcmpl-');
  const created = nowSecs();
  if (b.stream !== true) {
    await sendJson(ctx, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: pieces.join('') }, logprobs: null, finish_reason: finish }],
      usage,
      ...cfg.extra?.(),
    });
    return;
  }
  const chunk = (choices: unknown[], more: Record<string, unknown> = {}): string =>
    sseData({ id, object: 'chat.completion.chunk', created, model, choices, ...more });
  const choice = (delta: Record<string, unknown>, finishReason: string | null = null): Record<string, unknown> => ({
    index: 0,
    delta,
    logprobs: null,
    finish_reason: finishReason,
  });
  const out: string[] = [];
  if (cfg.style === 'llamacpp') out.push(chunk([choice({ role: 'assistant', content: null })]));
  else if (cfg.style !== 'ollama') out.push(chunk([choice({ role: 'assistant', content: '' })]));
  for (const piece of pieces) {
    out.push(chunk([choice(cfg.style === 'ollama' ? { role: 'assistant', content: piece } : { content: piece })]));
  }
  out.push(chunk([choice(cfg.style === 'ollama' ? { role: 'assistant', content: '' } : {}, finish)]));
  if (includeUsage(b)) out.push(chunk([], { usage }));
  out.push(sseData('[DONE]'));
  await sendStream(ctx, { headers: SSE_HEADERS, pieces: out });
}

async function completions(ctx: FakeContext, cfg: InferenceConfig, b: Body, model: string): Promise<void> {
  const prompt = b.prompt;
  if (cfg.stringPromptOnly && typeof prompt !== 'string') {
    return cfg.badRequest(ctx, 'invalid type for prompt: prompt must be a string');
  }
  const prompts = Array.isArray(prompt) && prompt.some((x) => typeof x === 'string' || Array.isArray(x)) ? prompt : [prompt];
  if (prompts.some((x) => x === undefined)) return cfg.badRequest(ctx, "'prompt' is required");
  const limit = maxTokens(b);
  const pieces = replyPieces(ctx.options, limit);
  const finish = limit !== undefined && limit < replyPieces(ctx.options).length ? 'length' : 'stop';
  const usage = usageOf(prompt, pieces.length * prompts.length);
  const id = fakeId('cmpl-');
  const created = nowSecs();
  if (b.stream !== true) {
    await sendJson(ctx, 200, {
      id,
      object: 'text_completion',
      created,
      model,
      choices: prompts.map((_, index) => ({ text: pieces.join(''), index, logprobs: null, finish_reason: finish })),
      usage,
      ...cfg.extra?.(),
    });
    return;
  }
  const chunk = (text: string, finishReason: string | null): string =>
    sseData({
      id,
      object: 'text_completion',
      created,
      model,
      choices: prompts.map((_, index) => ({ text, index, logprobs: null, finish_reason: finishReason })),
    });
  const out = pieces.map((piece) => chunk(piece, null));
  out.push(chunk('', finish));
  if (includeUsage(b)) out.push(sseData({ id, object: 'text_completion', created, model, choices: [], usage }));
  out.push(sseData('[DONE]'));
  await sendStream(ctx, { headers: SSE_HEADERS, pieces: out });
}

async function embeddings(ctx: FakeContext, cfg: InferenceConfig, b: Body, model: string): Promise<void> {
  const input = b.input;
  const inputs = typeof input === 'string' ? [input] : Array.isArray(input) ? (input.every((x) => typeof x === 'number') ? [input] : input) : [];
  if (inputs.length === 0 || inputs.some((x) => x === '')) return cfg.badRequest(ctx, "'input' must be a non-empty string or array");
  const dims = typeof b.dimensions === 'number' ? b.dimensions : (ctx.options.embeddingDims ?? 8);
  const base64 = ctx.options.base64Embeddings === true && b.encoding_format === 'base64';
  const pt = countTokens(input);
  await sendJson(ctx, 200, {
    object: 'list',
    data: inputs.map((x, index) => {
      const v = embedVector(x, dims);
      return { object: 'embedding', index, embedding: base64 ? floatsToBase64(v) : v };
    }),
    model,
    usage: { prompt_tokens: pt, total_tokens: pt },
  });
}
