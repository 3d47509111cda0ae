/** Fake Gemini OpenAI-compatible surface under `/v1beta/openai/`: Bearer key required, list-wrapped errors. */
import { type CommonFakeOptions, type FakeContext, route } from './common.js';
import { inferenceRoutes } from './openai-routes.js';
import { sendJson, sendJsonNow } from './send.js';
import { type FakeHandle, bearerOk, startFake } from './server.js';

/** Google fake options (common ones only). */
export type GoogleOptions = CommonFakeOptions;

/** Path prefix of Gemini's OpenAI-compatible API. */
export const GOOGLE_OPENAI_PREFIX = '/v1beta/openai';

const STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** Gemini's compatibility layer wraps its error object in a one-element array. */
function err(ctx: FakeContext, status: number, message: string): void {
  sendJsonNow(ctx, status, [{ error: { code: status, message, status: STATUS[status] ?? 'UNKNOWN' } }]);
}

/** Starts a Gemini fake; `url + GOOGLE_OPENAI_PREFIX` is the OpenAI-style base URL. Model ids list as `models/<name>`. */
export async function startFakeGoogle(opts: GoogleOptions = {}): Promise<FakeHandle<GoogleOptions>> {
  return startFake('google', opts, ['gemini-2.5-flash', 'text-embedding-004'], (f) => {
    const bare = (id: string): string => id.replace(/^models\//, '');
    return {
      alwaysAuth: true,
      authorized: (ctx, key) => bearerOk(ctx, key),
      unauthorized: (ctx) =>
        ctx.req.headers.authorization
          ? err(ctx, 400, 'API key not valid. Please pass a valid API key.')
          : err(ctx, 401, 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.'),
      error: err,
      loading: (ctx) => err(ctx, 503, 'The model is overloaded. Please try again later.'),
      notFound: (ctx) => err(ctx, 404, `Not Found: ${ctx.path}`),
      routes: [
        route('GET', `${GOOGLE_OPENAI_PREFIX}/models`, (ctx) =>
          sendJson(ctx, 200, { object: 'list', data: f.models.map((m) => ({ id: `models/${bare(m.id)}`, object: 'model', owned_by: 'google' })) }),
        ),
        ...inferenceRoutes({
          style: 'openai',
          prefix: GOOGLE_OPENAI_PREFIX,
          hasModel: (name) => f.models.some((m) => bare(m.id) === bare(name)),
          modelNotFound: (ctx, name) =>
            err(ctx, 404, `models/${bare(name)} is not found for API version v1main, or is not supported for generateContent.`),
          badRequest: (ctx, message) => err(ctx, 400, message),
        }),
      ],
    };
  });
}
