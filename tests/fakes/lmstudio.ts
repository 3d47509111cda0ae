/** Fake LM Studio: `owned_by:"organization_owner"`, `/api/v0|v1/models`, and 200-with-error for unknown routes. */
import { type CommonFakeOptions, type FakeContext, type FakeModel, route } from './common.js';
import { inferenceRoutes } from './openai-routes.js';
import { sendJson, sendJsonNow } from './send.js';
import { type FakeHandle, startFake } from './server.js';

/** LM Studio options: `v1Api:false` imitates builds before 0.4 (no `/api/v1/models`). */
export interface LmStudioOptions extends CommonFakeOptions {
  v1Api?: boolean;
  /** `v0Api:false` imitates builds with the REST API v0 turned off. */
  v0Api?: boolean;
}

const EMBED_NAME = /embed|bge|minilm|e5/i;

function typeOf(m: FakeModel): 'llm' | 'vlm' | 'embeddings' {
  return m.type ?? (EMBED_NAME.test(m.id) ? 'embeddings' : 'llm');
}

function publisher(m: FakeModel): string {
  return m.publisher ?? (m.id.includes('/') ? m.id.split('/')[0]! : 'lmstudio-community');
}

function v0(m: FakeModel): Record<string, unknown> {
  return {
    id: m.id,
    object: 'model',
    type: typeOf(m),
    publisher: publisher(m),
    arch: m.arch ?? (typeOf(m) === 'embeddings' ? 'nomic-bert' : 'llama'),
    compatibility_type: 'gguf',
    quantization: m.quantization ?? 'Q4_K_M',
    state: m.loaded ? 'loaded' : 'not-loaded',
    max_context_length: m.contextLength ?? 131072,
  };
}

/** REST API v1 says `embedding` (singular) and moves vision into `capabilities`. */
function v1(m: FakeModel): Record<string, unknown> {
  const t = typeOf(m);
  const ctxLen = m.contextLength ?? 131072;
  return {
    type: t === 'embeddings' ? 'embedding' : 'llm',
    publisher: publisher(m),
    key: m.id,
    display_name: m.id,
    architecture: m.arch ?? (t === 'embeddings' ? 'nomic-bert' : 'llama'),
    quantization: { name: m.quantization ?? 'Q4_K_M', bits_per_weight: 4 },
    size_bytes: m.size ?? 4_920_734_272,
    params_string: t === 'embeddings' ? null : '8B',
    loaded_instances: m.loaded ? [{ id: m.id, config: { context_length: Math.min(4096, ctxLen) } }] : [],
    max_context_length: ctxLen,
    format: 'gguf',
    capabilities: t === 'embeddings' ? undefined : { vision: t === 'vlm', trained_for_tool_use: true },
    description: null,
  };
}

function err(ctx: FakeContext, status: number, message: string, code: string | null = null): void {
  sendJsonNow(ctx, status, { error: { message, type: 'invalid_request_error', param: null, code } });
}

/** Starts an LM Studio fake. */
export async function startFakeLmStudio(opts: LmStudioOptions = {}): Promise<FakeHandle<LmStudioOptions>> {
  return startFake('lmStudio', opts, ['meta-llama-3.1-8b-instruct', 'text-embedding-nomic-embed-text-v1.5'], (f) => {
    // LM Studio answers any route it does not know with 200 and an error field.
    const unexpected = (ctx: FakeContext): Promise<boolean> =>
      sendJson(ctx, 200, { error: `Unexpected endpoint or method. (${ctx.method} ${ctx.path})` });
    return {
      headers: { 'X-Powered-By': 'Express' },
      unauthorized: (ctx) => err(ctx, 401, 'Malformed LM Studio API token provided', 'invalid_api_key'),
      error: (ctx, status, message) => err(ctx, status, message),
      loading: (ctx) => err(ctx, 503, 'Model is loading, please try again'),
      notFound: (ctx) => void unexpected(ctx),
      routes: [
        route('GET', '/v1/models', (ctx) =>
          sendJson(ctx, 200, { data: f.models.map((m) => ({ id: m.id, object: 'model', owned_by: 'organization_owner' })), object: 'list' }),
        ),
        route('GET', '/api/v0/models', (ctx) =>
          opts.v0Api === false ? unexpected(ctx) : sendJson(ctx, 200, { object: 'list', data: f.models.map(v0) }),
        ),
        route('GET', '/api/v0/models/:model+', (ctx) => {
          const m = f.models.find((x) => x.id === ctx.params.model);
          if (opts.v0Api === false) return unexpected(ctx);
          return m ? sendJson(ctx, 200, v0(m)) : err(ctx, 404, `Model "${ctx.params.model}" not found`, 'model_not_found');
        }),
        route('GET', '/api/v1/models', (ctx) =>
          opts.v1Api === false ? unexpected(ctx) : sendJson(ctx, 200, { models: f.models.map(v1) }),
        ),
        ...inferenceRoutes({
          style: 'openai',
          hasModel: (name) => f.models.some((m) => m.id === name),
          modelNotFound: (ctx, name) => err(ctx, 404, `Invalid model identifier "${name}".`, 'model_not_found'),
          badRequest: (ctx, message) => err(ctx, 400, message),
        }),
      ],
    };
  });
}
