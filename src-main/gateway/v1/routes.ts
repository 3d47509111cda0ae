/** `/v1` inference routes: parse once, hand cloud-prefixed models to the cloud router, proxy the rest. */
import { estimateTokens } from '../../aliases/context-fit.js';
import type { AppServices } from '../../app-services.js';
import type { RouteTarget } from '../../balancer/types.js';
import type { RequestContext } from '../http.js';
import type { GatewayServer } from '../server.js';
import { chainBuffered, type ResponseTransform, rewriteJsonModel, sseModelRewrite } from '../proxy/transform.js';
import { cloudRouterOf, type ModelProxy, type OpenAiKind, type ParsedRequest, type ProxyToModelOptions } from '../proxy/types.js';
import { readOpenAiRequest } from './body.js';
import { encodeBase64Embeddings, floatRequest, wantsBase64 } from './embeddings.js';
import { responsesProxyOptions } from './responses/route.js';

/** What the `/v1` routes need. */
export interface OpenAiRouteDeps {
  readonly proxy: ModelProxy;
  readonly services: AppServices;
  readonly bodyLimit: () => number;
  readonly now: () => number;
}

/** Upstream path of each kind. */
export const UPSTREAM_PATH: Readonly<Record<OpenAiKind, string>> = {
  chat: '/v1/chat/completions',
  completions: '/v1/completions',
  embeddings: '/v1/embeddings',
  responses: '/v1/responses',
};

/** Registers the four POST inference routes. */
export function registerInferenceRoutes(server: GatewayServer, deps: OpenAiRouteDeps): void {
  for (const kind of Object.keys(UPSTREAM_PATH) as OpenAiKind[]) {
    server.route('POST', UPSTREAM_PATH[kind], async (ctx) => {
      const parsed = await readOpenAiRequest(ctx, deps.bodyLimit(), deps.now());
      const cloud = cloudRouterOf(deps.services);
      if (cloud?.handles(parsed.model)) return cloud.proxy(kind, ctx, parsed);
      await deps.proxy.proxyToModel(proxyOptions(kind, ctx, parsed));
    });
  }
}

/** The proxy call of one `/v1` request (exported for unit tests). */
export function proxyOptions(kind: OpenAiKind, ctx: RequestContext, p: ParsedRequest): ProxyToModelOptions {
  const base64 = kind === 'embeddings' && wantsBase64(p.json);
  const options: ProxyToModelOptions = {
    ctx,
    model: p.model,
    stream: p.stream,
    path: UPSTREAM_PATH[kind],
    receivedAt: p.receivedAt,
    contextTokens: estimateTokens(p.json),
    api: 'openai',
    logPath: UPSTREAM_PATH[kind],
    body: (t) => requestBody(kind, p, t, base64),
    debugBody: p.json,
    transform: (t) => responseTransform(p, t, base64),
  };
  // Endpoints whose own Responses API is missing or incomplete get it translated to chat completions.
  return kind === 'responses' ? responsesProxyOptions(options, p) : options;
}

/** The client's bytes unless something must change for this target. */
function requestBody(kind: OpenAiKind, p: ParsedRequest, t: RouteTarget, base64: boolean): Buffer | Record<string, unknown> {
  if (base64) return floatRequest(p.json);
  // LangChain sends `prompt: ["…"]`; Ollama's /v1/completions takes only a string, so unwrap a single one.
  if (kind === 'completions' && t.endpoint.endpoint_type === 'ollama') {
    const prompt = p.json.prompt;
    if (Array.isArray(prompt) && prompt.length === 1 && typeof prompt[0] === 'string') return { ...p.json, prompt: prompt[0] };
  }
  return p.raw;
}

/** Base64 encoding for embeddings, and the alias name in `model` when the target knows the model by another name. */
function responseTransform(p: ParsedRequest, t: RouteTarget, base64: boolean): ResponseTransform | undefined {
  const renamed = t.upstreamModel !== p.model;
  if (base64) return renamed ? chainBuffered(encodeBase64Embeddings, rewriteJsonModel(p.model)) : chainBuffered(encodeBase64Embeddings);
  if (!renamed) return undefined;
  return p.stream ? sseModelRewrite(t.upstreamModel, p.model) : chainBuffered(rewriteJsonModel(p.model));
}
