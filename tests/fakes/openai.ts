/** Fake plain OpenAI-compatible server: `/v1/models` + inference, nothing that names a server type. */
import { type CommonFakeOptions, type FakeContext, type FakeModel, route } from './common.js';
import { inferenceRoutes } from './openai-routes.js';
import { sendJson, sendJsonNow } from './send.js';
import { type FakeHandle, startFake } from './server.js';

/** OpenAI fake options: `ownedBy` of `/v1/models` items (default `system`). */
export interface OpenAiOptions extends CommonFakeOptions {
  ownedBy?: string;
}

const TYPES: Record<number, [string, string | null]> = {
  400: ['invalid_request_error', null],
  401: ['invalid_request_error', 'invalid_api_key'],
  404: ['invalid_request_error', 'model_not_found'],
  429: ['rate_limit_error', 'rate_limit_exceeded'],
  500: ['server_error', null],
  503: ['server_error', 'overloaded'],
};

function err(ctx: FakeContext, status: number, message: string, code?: string | null): void {
  const [type, defCode] = TYPES[status] ?? ['server_error', null];
  sendJsonNow(ctx, status, { error: { message, type, param: null, code: code === undefined ? defCode : code } }, { 'x-request-id': `req_${Date.now()}` });
}

/** Starts a plain OpenAI-compatible fake. */
export async function startFakeOpenAi(opts: OpenAiOptions = {}): Promise<FakeHandle<OpenAiOptions>> {
  return startFake('openai', opts, ['gpt-4o-mini', 'text-embedding-3-small'], (f) => {
    const item = (m: FakeModel): Record<string, unknown> => ({ id: m.id, object: 'model', created: 1_700_000_000, owned_by: opts.ownedBy ?? 'system' });
    return {
      unauthorized: (ctx) => err(ctx, 401, 'Incorrect API key provided.'),
      error: (ctx, status, message) => err(ctx, status, message),
      loading: (ctx) => err(ctx, 503, 'The engine is currently overloaded, please try again later'),
      notFound: (ctx) => err(ctx, 404, `Invalid URL (${ctx.method} ${ctx.path})`, null),
      routes: [
        route('GET', '/v1/models', (ctx) => sendJson(ctx, 200, { object: 'list', data: f.models.map(item) })),
        route('GET', '/v1/models/:model+', (ctx) => {
          const m = f.models.find((x) => x.id === ctx.params.model);
          if (!m) return err(ctx, 404, `The model '${ctx.params.model}' does not exist`);
          return sendJson(ctx, 200, item(m));
        }),
        ...inferenceRoutes({
          style: 'openai',
          hasModel: (name) => f.models.some((m) => m.id === name),
          modelNotFound: (ctx, name) => err(ctx, 404, `The model \`${name}\` does not exist or you do not have access to it.`),
          badRequest: (ctx, message) => err(ctx, 400, message),
        }),
      ],
    };
  });
}
