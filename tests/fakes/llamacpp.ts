/** Fake llama.cpp `llama-server`: `Server: llama.cpp`, loading 503 everywhere, dual `/v1/models`, slots. */
import { type CommonFakeOptions, type FakeContext, countTokens, nowSecs, route } from './common.js';
import { inferenceRoutes } from './openai-routes.js';
import { sendJson, sendJsonNow } from './send.js';
import { type FakeHandle, bearerOk, startFake } from './server.js';

/** llama.cpp-only options. */
export interface LlamaCppOptions extends CommonFakeOptions {
  /** Per-slot context (`/props` `default_generation_settings.n_ctx`), default 4096. */
  nCtx?: number;
  /** Parallel slots; extra requests wait in a queue (default 4, like `-np auto`). */
  totalSlots?: number;
  /** `--embeddings`: without it `/v1/embeddings` is 501 (default true). */
  embeddings?: boolean;
  buildInfo?: string;
}

/** Handle of a llama.cpp fake; `busySlots`/`queued` expose the scheduler. */
export interface LlamaCppFake extends FakeHandle<LlamaCppOptions> {
  busySlots(): number;
  queued(): number;
}

const err = (ctx: FakeContext, status: number, message: string, type: string): void =>
  sendJsonNow(ctx, status, { error: { code: status, message, type } });

/** Starts a llama.cpp fake. */
export async function startFakeLlamaCpp(opts: LlamaCppOptions = {}): Promise<LlamaCppFake> {
  let busy = 0;
  const queue: (() => void)[] = [];
  const slots = (): number => Math.max(1, opts.totalSlots ?? 4);
  // A slot is taken for the whole generation and freed when it ends or the client disconnects.
  const around = async (ctx: FakeContext, run: () => Promise<void>): Promise<void> => {
    const nCtx = opts.nCtx ?? 4096;
    const b = ctx.body as Record<string, unknown>;
    const nPrompt = countTokens(b.messages ?? b.prompt ?? b.input);
    if (nPrompt > nCtx) {
      return sendJsonNow(ctx, 400, {
        error: {
          code: 400,
          message: 'the request exceeds the available context size, try increasing it',
          type: 'exceed_context_size_error',
          n_prompt_tokens: nPrompt,
          n_ctx: nCtx,
        },
      });
    }
    if (busy >= slots()) {
      await new Promise<void>((resolve) => {
        const go = (): void => {
          ctx.res.off('close', leave);
          resolve();
        };
        const leave = (): void => {
          const i = queue.indexOf(go);
          if (i !== -1) queue.splice(i, 1);
          resolve();
        };
        queue.push(go);
        ctx.res.once('close', leave);
      });
      if (ctx.closed()) return;
    }
    busy++;
    try {
      await run();
    } finally {
      busy--;
      queue.shift()?.();
    }
  };

  const fake = await startFake('llamaCpp', opts, ['tiny-llama-q8_0.gguf'], (f) => {
    const nCtx = (): number => opts.nCtx ?? 4096;
    const build = (): string => opts.buildInfo ?? opts.version ?? 'b6123-1a2b3c4d';
    const slot = (id: number): Record<string, unknown> => ({
      id,
      id_task: -1,
      n_ctx: nCtx(),
      speculative: false,
      is_processing: id < busy,
      params: { n_predict: -1, temperature: 0.8, top_k: 40, top_p: 0.95 },
      next_token: { has_next_token: true, n_remain: -1, n_decoded: 0 },
    });
    return {
      headers: { Server: 'llama.cpp' },
      isPublic: (p) => p === '/health' || p === '/v1/health',
      authorized: (ctx, key) => bearerOk(ctx, key) || (key !== null && ctx.req.headers['x-api-key'] === key),
      unauthorized: (ctx) => err(ctx, 401, 'Invalid API Key', 'authentication_error'),
      error: (ctx, status, message) => err(ctx, status, message, status === 503 ? 'unavailable_error' : 'server_error'),
      loading: (ctx) => sendJsonNow(ctx, 503, { error: { message: 'Loading model', type: 'unavailable_error', code: 503 } }),
      notFound: (ctx) => err(ctx, 404, 'File Not Found', 'not_found_error'),
      routes: [
        route('GET', '/health', (ctx) => sendJson(ctx, 200, { status: 'ok' })),
        route('GET', '/v1/health', (ctx) => sendJson(ctx, 200, { status: 'ok' })),
        route('GET', '/props', (ctx) =>
          sendJson(ctx, 200, {
            default_generation_settings: slot(0),
            total_slots: slots(),
            model_path: `/models/${f.models[0]?.id ?? 'model.gguf'}`,
            chat_template: '{% for message in messages %}{{ message.content }}{% endfor %}',
            modalities: { vision: false, audio: false },
            build_info: build(),
          }),
        ),
        route('GET', '/slots', (ctx) => sendJson(ctx, 200, Array.from({ length: slots() }, (_, i) => slot(i)))),
        ...['/v1/models', '/models'].map((p) =>
          route('GET', p, (ctx) =>
            sendJson(ctx, 200, {
              models: f.models.map((m) => ({
                name: m.id,
                model: m.id,
                modified_at: '',
                size: '',
                digest: '',
                type: 'model',
                description: '',
                tags: [''],
                capabilities: ['completion'],
                parameters: '',
                details: { parent_model: '', format: 'gguf', family: '', families: [''], parameter_size: '', quantization_level: '' },
              })),
              object: 'list',
              data: f.models.map((m) => ({
                id: m.id,
                object: 'model',
                created: nowSecs(),
                owned_by: 'llamacpp',
                meta: { vocab_type: 2, n_vocab: 32000, n_ctx_train: m.contextLength ?? 131072, n_embd: 2048, n_params: 1_235_814_400, size: m.size ?? 1_321_082_880 },
              })),
            }),
          ),
        ),
        ...inferenceRoutes({
          style: 'llamacpp',
          modelNotFound: () => undefined, // serves any model name
          badRequest: (ctx, message) => err(ctx, 400, message, 'invalid_request_error'),
          embeddingsRefused: (ctx) => {
            if (opts.embeddings !== false) return false;
            err(ctx, 501, 'This server does not support embeddings. Start it with `--embeddings`', 'not_supported_error');
            return true;
          },
          around,
          extra: () => ({ timings: { prompt_n: 1, prompt_ms: 1.2, predicted_n: 6, predicted_ms: 5.4, predicted_per_second: 1111 } }),
        }),
      ],
    };
  });
  return Object.assign(fake, { busySlots: () => busy, queued: () => queue.length });
}
