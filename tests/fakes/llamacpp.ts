/**
 * Fake llama.cpp `llama-server`, shaped after a real build (tests/real/): `Server: llama.cpp`, loading
 * 503 everywhere, dual `/v1/models`, `/props`, `/slots`, `/metrics`, `Connection: close` on errors.
 */
import { type CommonFakeOptions, type FakeContext, nowSecs, replyPieces, route } from './common.js';
import { type Generation, LLAMA_JSON, type ToolCallReply, llamaInferenceRoutes, sendError } from './llamacpp-inference.js';
import { sendBody, sendJson } from './send.js';
import { type FakeHandle, bearerOk, startFake } from './server.js';

/** llama.cpp-only options. */
export interface LlamaCppOptions extends CommonFakeOptions {
  /** Per-slot context asked for (`-c` / `-np`), default 4096; like llama-server, capped at the model's n_ctx_train. */
  nCtx?: number;
  /** Parallel slots; extra requests wait in a queue (default 4, like `-np auto`). */
  totalSlots?: number;
  /** `--embeddings`: without it `/v1/embeddings` is 501 (default true). */
  embeddings?: boolean;
  /** `--metrics`: without it `/metrics` is 501 (default false). */
  metrics?: boolean;
  /** `--no-slots` when false: `/slots` is 501 (default true). */
  slotsEndpoint?: boolean;
  buildInfo?: string;
  /**
   * With `--jinja` and a tool-capable template llama-server answers tool calls; this one is answered
   * to any chat request that offers tools (unless `tool_choice:"none"`). Default: none, text only.
   */
  toolCall?: ToolCallReply | null;
}

/** Handle of a llama.cpp fake; `busySlots`/`queued` expose the scheduler. */
export interface LlamaCppFake extends FakeHandle<LlamaCppOptions> {
  busySlots(): number;
  queued(): number;
}

/** A slot: never used, busy with a generation, or idle after one (it then keeps the last task's fields). */
interface Slot {
  readonly id: number;
  task: number;
  gen: Generation | null;
  last: Generation | null;
}

const err = (ctx: FakeContext, status: number, message: string, type: string): void => sendError(ctx, status, { code: status, message, type });
const notSupported = (ctx: FakeContext, what: string, flag: string): void =>
  err(ctx, 501, `This server does not support ${what}. Start it with \`${flag}\``, 'not_supported_error');

/** Sampling parameters as `/props` and `/slots` show them. */
function params(nPredict: number, stream: boolean): Record<string, unknown> {
  return { seed: 4294967295, temperature: 0.8, top_k: 40, top_p: 0.95, min_p: 0.05, max_tokens: nPredict, n_predict: nPredict, n_keep: 0, ignore_eos: false, stream, n_probs: 0, chat_format: 'Content-only', samplers: ['penalties', 'dry', 'top_n_sigma', 'top_k', 'typ_p', 'top_p', 'min_p', 'xtc', 'temperature'], lora: [] };
}

/** Starts a llama.cpp fake. */
export async function startFakeLlamaCpp(opts: LlamaCppOptions = {}): Promise<LlamaCppFake> {
  const slotList: Slot[] = [];
  const queue: (() => void)[] = [];
  let tasks = 0;
  const totals = { prompt: 0, predicted: 0, decode: 0 };
  const slotCount = (): number => Math.max(1, opts.totalSlots ?? 4);
  const slotsNow = (): Slot[] => {
    while (slotList.length < slotCount()) slotList.push({ id: slotList.length, task: -1, gen: null, last: null });
    return slotList.slice(0, slotCount());
  };
  const busy = (): number => slotsNow().filter((s) => s.gen !== null).length;

  // A slot is taken for the whole generation and freed when it ends or the client disconnects.
  const around = async (ctx: FakeContext, g: Generation, run: () => Promise<void>): Promise<void> => {
    let slot = slotsNow().find((s) => s.gen === null);
    if (!slot) {
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
      slot = slotsNow().find((s) => s.gen === null)!;
    }
    slot.gen = g;
    slot.last = g;
    slot.task = tasks++;
    try {
      await run();
      totals.prompt += g.nPrompt;
      totals.predicted += g.nPredict === 0 ? 0 : replyPieces(ctx.options, g.nPredict > 0 ? g.nPredict : undefined).length;
      totals.decode += 1;
    } finally {
      slot.gen = null;
      queue.shift()?.();
    }
  };

  const fake = await startFake('llamaCpp', opts, ['tiny-llama-q8_0.gguf'], (f) => {
    const nCtxTrain = (): number => f.models[0]?.contextLength ?? 131072;
    const nCtx = (): number => Math.min(opts.nCtx ?? 4096, nCtxTrain());
    const alias = (): string => f.models[0]?.id ?? 'model.gguf';
    const build = (): string => opts.buildInfo ?? opts.version ?? 'b6123-1a2b3c4d';
    const slotJson = (s: Slot): Record<string, unknown> => {
      const base = { id: s.id, n_ctx: nCtx(), speculative: false, is_processing: s.gen !== null };
      const g = s.last;
      if (!g) return base;
      return {
        ...base,
        id_task: s.task,
        n_prompt_tokens: g.nPrompt,
        n_prompt_tokens_processed: s.gen ? g.nPrompt : 0,
        n_prompt_tokens_cache: 0,
        params: params(g.nPredict, g.stream),
        next_token: [{ has_next_token: true, has_new_line: false, n_remain: s.gen ? g.nPredict : -1, n_decoded: 0 }],
      };
    };
    const json = (ctx: FakeContext, body: unknown): Promise<boolean> => sendJson(ctx, 200, body, LLAMA_JSON);
    const modelsBody = (): Record<string, unknown> => ({
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
        aliases: [m.id],
        tags: [],
        object: 'model',
        created: nowSecs(),
        owned_by: 'llamacpp',
        meta: { vocab_type: 1, n_vocab: 32000, n_ctx: nCtx(), n_ctx_train: m.contextLength ?? 131072, n_embd: 2048, n_params: 1_235_814_400, size: m.size ?? 1_321_082_880, ftype: 'Q8_0' },
      })),
    });
    const metricsText = (): string =>
      [
        ['prompt_tokens_total', 'counter', totals.prompt],
        ['tokens_predicted_total', 'counter', totals.predicted],
        ['n_decode_total', 'counter', totals.decode],
        ['requests_processing', 'gauge', busy()],
        ['requests_deferred', 'gauge', queue.length],
      ]
        .map(([n, t, v]) => `# HELP llamacpp:${n} ${n}\n# TYPE llamacpp:${n} ${t}\nllamacpp:${n} ${v}\n`)
        .join('');
    return {
      headers: { Server: 'llama.cpp', 'Access-Control-Allow-Origin': '' },
      isPublic: (p) => p === '/health' || p === '/v1/health',
      authorized: (ctx, key) => bearerOk(ctx, key) || (key !== null && ctx.req.headers['x-api-key'] === key),
      unauthorized: (ctx) => err(ctx, 401, 'Invalid API Key', 'authentication_error'),
      error: (ctx, status, message) => err(ctx, status, message, status === 503 ? 'unavailable_error' : 'server_error'),
      loading: (ctx) => sendError(ctx, 503, { message: 'Loading model', type: 'unavailable_error', code: 503 }),
      notFound: (ctx) => sendError(ctx, 404, { message: 'File Not Found', type: 'not_found_error', code: 404 }),
      routes: [
        route('GET', '/health', (ctx) => json(ctx, { status: 'ok' })),
        route('GET', '/v1/health', (ctx) => json(ctx, { status: 'ok' })),
        route('GET', '/props', (ctx) =>
          json(ctx, {
            default_generation_settings: { params: params(-1, false), n_ctx: nCtx() },
            total_slots: slotCount(),
            model_alias: alias(),
            model_path: `/models/${alias()}`,
            modalities: { vision: false, video: false, audio: false },
            endpoint_slots: opts.slotsEndpoint !== false,
            endpoint_props: false,
            endpoint_metrics: opts.metrics === true,
            chat_template: '{% for message in messages %}{{ message.content }}{% endfor %}',
            chat_template_caps: { supports_tools: false, supports_tool_calls: false, supports_system_role: true },
            bos_token: '<s>',
            eos_token: '</s>',
            build_info: build(),
            is_sleeping: false,
          }),
        ),
        route('GET', '/slots', (ctx) => (opts.slotsEndpoint === false ? notSupported(ctx, 'slots endpoint', '--slots') : json(ctx, slotsNow().map(slotJson)))),
        route('GET', '/metrics', (ctx) =>
          opts.metrics === true
            ? sendBody(ctx, 200, metricsText(), { 'Content-Type': 'text/plain; version=0.0.4' })
            : notSupported(ctx, 'metrics endpoint', '--metrics'),
        ),
        ...['/v1/models', '/models'].map((p) => route('GET', p, (ctx) => json(ctx, modelsBody()))),
        ...llamaInferenceRoutes({
          alias,
          build,
          nCtx,
          embeddings: () => opts.embeddings !== false,
          toolCall: () => opts.toolCall ?? null,
          around,
          error: err,
        }),
      ],
    };
  });
  return Object.assign(fake, { busySlots: busy, queued: () => queue.length });
}
