/** Fake vLLM (OpenAI server on uvicorn): `owned_by:"vllm"`, `max_model_len`, empty `/health`, `/version`. */
import { type CommonFakeOptions, type FakeContext, nowSecs, route } from './common.js';
import { inferenceRoutes } from './openai-routes.js';
import { sendBody, sendJson, sendJsonNow } from './send.js';
import { type FakeHandle, startFake } from './server.js';

/** vLLM has no options beyond the common ones. */
export type VllmOptions = CommonFakeOptions;

const TYPES: Record<number, string> = {
  400: 'BadRequestError',
  404: 'NotFoundError',
  429: 'TooManyRequestsError',
  500: 'InternalServerError',
  503: 'ServiceUnavailableError',
};

function err(ctx: FakeContext, status: number, message: string): void {
  sendJsonNow(ctx, status, { error: { message, type: TYPES[status] ?? 'InternalServerError', param: null, code: status } });
}

/** Starts a vLLM fake. With `apiKey`, only `/v1/*` needs the key (`/health`, `/version` stay public). */
export async function startFakeVllm(opts: VllmOptions = {}): Promise<FakeHandle<VllmOptions>> {
  return startFake('vllm', opts, ['Qwen/Qwen2.5-1.5B-Instruct'], (f) => ({
    headers: { server: 'uvicorn' },
    isPublic: (p) => !p.startsWith('/v1/'),
    // FastAPI middleware answers a bare string here, unlike the OpenAI-shaped errors elsewhere.
    unauthorized: (ctx) => sendJsonNow(ctx, 401, { error: 'Unauthorized' }),
    error: err,
    loading: (ctx) => err(ctx, 503, 'The engine is not ready yet'),
    notFound: (ctx) => sendJsonNow(ctx, 404, { detail: 'Not Found' }),
    routes: [
      // vLLM's health check answers 200 with an empty body.
      route('GET', '/health', (ctx) => sendBody(ctx, 200, '', {})),
      route('GET', '/ping', (ctx) => sendBody(ctx, 200, '', {})),
      route('GET', '/version', (ctx) => sendJson(ctx, 200, { version: opts.version ?? '0.10.1.1' })),
      route('GET', '/v1/models', (ctx) =>
        sendJson(ctx, 200, {
          object: 'list',
          data: f.models.map((m) => ({
            id: m.id,
            object: 'model',
            created: nowSecs(),
            owned_by: 'vllm',
            root: m.root ?? m.id,
            parent: m.parent ?? null,
            max_model_len: m.contextLength ?? 32768,
            permission: [
              {
                id: `modelperm-${m.id.length}`,
                object: 'model_permission',
                created: nowSecs(),
                allow_create_engine: false,
                allow_sampling: true,
                allow_logprobs: true,
                allow_search_indices: false,
                allow_view: true,
                allow_fine_tuning: false,
                organization: '*',
                group: null,
                is_blocking: false,
              },
            ],
          })),
        }),
      ),
      ...inferenceRoutes({
        style: 'vllm',
        hasModel: (name) => f.models.some((m) => m.id === name),
        modelNotFound: (ctx, name) => err(ctx, 404, `The model \`${name}\` does not exist.`),
        badRequest: (ctx, message) => err(ctx, 400, message),
      }),
    ],
  }));
}
