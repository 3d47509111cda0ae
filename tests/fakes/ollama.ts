/** Fake Ollama: native `/api/*` (NDJSON streams, `{"error":"…"}` errors, pull, show) and its `/v1` surface. */
import { type CommonFakeOptions, type FakeContext, type FakeModel, nowSecs, route } from './common.js';
import { findOllamaModel, ollamaNativeRoutes } from './ollama-native.js';
import { inferenceRoutes } from './openai-routes.js';
import { sendBody, sendJson, sendJsonNow } from './send.js';
import { type FakeHandle, startFake } from './server.js';

/** Ollama-only options. */
export interface OllamaOptions extends CommonFakeOptions {
  /** How long `/api/pull` takes (default 300 ms). */
  pullDurationMs?: number;
  /** Layers reported by `/api/pull` (default 2). */
  pullLayers?: number;
  /** When set, `/api/pull` fails halfway with `{"error": pullFail}`. */
  pullFail?: string | null;
}

export { findOllamaModel };

/** Handle of an Ollama fake. */
export type OllamaFake = FakeHandle<OllamaOptions> & {
  /** Names of the models `/api/ps` reports as loaded. */
  readonly loaded: Set<string>;
};

function v1Error(ctx: FakeContext, status: number, message: string): void {
  const type = status === 400 ? 'invalid_request_error' : status === 404 ? 'not_found_error' : 'api_error';
  sendJsonNow(ctx, status, { error: { message, type, param: null, code: null } });
}

/** Ollama's error shape depends on the surface: a bare string natively, OpenAI's object under `/v1`. */
function anyError(ctx: FakeContext, status: number, message: string): void {
  if (ctx.path.startsWith('/v1/')) v1Error(ctx, status, message);
  else sendJsonNow(ctx, status, { error: message });
}

/** Starts an Ollama fake. */
export async function startFakeOllama(opts: OllamaOptions = {}): Promise<OllamaFake> {
  const loaded = new Set<string>();
  const fake = await startFake('ollama', opts, ['llama3.2:latest', 'nomic-embed-text:latest'], (f) => ({
    unauthorized: (ctx) => anyError(ctx, 401, 'unauthorized'),
    error: anyError,
    // Ollama has no "loading" status code; a saturated server answers this 503.
    loading: (ctx) => anyError(ctx, 503, 'server busy, please try again.  maximum pending requests exceeded'),
    notFound: (ctx) => sendBody(ctx, 404, '404 page not found', { 'Content-Type': 'text/plain' }),
    routes: [
      route('GET', '/', (ctx) => sendBody(ctx, 200, 'Ollama is running', { 'Content-Type': 'text/plain; charset=utf-8' })),
      route('HEAD', '/', (ctx) => void ctx.res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end()),
      ...ollamaNativeRoutes(f, loaded),
      route('GET', '/v1/models', (ctx) =>
        sendJson(ctx, 200, { object: 'list', data: f.models.map((m) => v1Model(m)) }),
      ),
      route('GET', '/v1/models/:model+', (ctx) => {
        const m = findOllamaModel(f.models, ctx.params.model);
        if (!m) return v1Error(ctx, 404, `model "${ctx.params.model}" not found`);
        return sendJson(ctx, 200, v1Model(m));
      }),
      ...inferenceRoutes({
        style: 'ollama',
        stringPromptOnly: true,
        hasModel: (name) => findOllamaModel(f.models, name) !== undefined,
        modelNotFound: (ctx, name) => v1Error(ctx, 404, `model "${name}" not found, try pulling it first`),
        badRequest: (ctx, message) => v1Error(ctx, 400, message),
      }),
    ],
  }));
  return Object.assign(fake, { loaded });
}

/** `owned_by` is the model's namespace: `library` for official models, else the user part. */
function v1Model(m: FakeModel): Record<string, unknown> {
  const slash = m.id.lastIndexOf('/');
  const ownedBy = slash === -1 ? 'library' : m.id.slice(0, slash).split('/').pop()!;
  return { id: m.id, object: 'model', created: nowSecs(), owned_by: ownedBy };
}
