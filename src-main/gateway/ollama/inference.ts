/**
 * `POST /api/chat`, `/api/generate`, `/api/embed`, `/api/embeddings`. Routing, failover, abort and the
 * request log come from the model proxy; per chosen endpoint the request is passed through (Ollama,
 * bytes unchanged unless an alias renames the model) or translated to the OpenAI API and back.
 */
import type { EndpointType } from '../../admin/types.js';
import { estimateTokens } from '../../aliases/context-fit.js';
import type { RouteTarget } from '../../balancer/types.js';
import { readBody, sendJson, type RequestContext } from '../http.js';
import { chainBuffered, type ResponseTransform, rewriteJsonModel } from '../proxy/transform.js';
import type { ModelProxy, ProxyToModelOptions } from '../proxy/types.js';
import { jsonUsageTap, sseUsageTap } from '../proxy/usage.js';
import type { GatewayServer } from '../server.js';
import { type Json, type OllamaKind, modelNotFound, resolveModelName } from './common.js';
import { type OllamaRequest, isLoadOnly, parseOllamaRequest, translateRequest } from './request.js';
import { type ReplyContext, loadOnlyReply } from './response.js';
import { openAiToOllama } from './transform-buffered.js';
import { ndjsonPassthrough, ollamaUsageTap } from './transform-passthrough.js';
import { sseToNdjson } from './transform-stream.js';

/** What the inference routes need. */
export interface OllamaInferenceDeps {
  /** The model proxy, read at call time. */
  readonly proxy: () => ModelProxy;
  readonly bodyLimit: () => number;
  readonly now: () => number;
}

/** The inference routes. */
export const INFERENCE_KINDS: readonly OllamaKind[] = ['chat', 'generate', 'embed', 'embeddings'];

/** Registers the four inference routes. */
export function registerOllamaInference(server: GatewayServer, deps: OllamaInferenceDeps): void {
  for (const kind of INFERENCE_KINDS) server.route('POST', `/api/${kind}`, (ctx) => handle(kind, ctx, deps));
}

async function handle(kind: OllamaKind, ctx: RequestContext, deps: OllamaInferenceDeps): Promise<void> {
  const receivedAt = deps.now();
  const t0 = performance.now();
  const req = parseOllamaRequest(kind, await readBody(ctx.req, deps.bodyLimit()));
  const proxy = deps.proxy();
  const snapshot = proxy.snapshot();
  const model = resolveModelName(snapshot, req.model);
  if (!snapshot.lookup(model)) throw modelNotFound(req.model);
  const rc: ReplyContext = { kind, model: req.model, now: deps.now, elapsed: () => performance.now() - t0 };
  if (isLoadOnly(req)) {
    // Nothing to generate: answer as Ollama does once the model is loaded (404/503 still apply).
    snapshot.resolve(model);
    const keep = req.json.keep_alive;
    return sendJson(ctx.res, 200, loadOnlyReply(rc, keep === 0 || keep === '0'));
  }
  await proxy.proxyToModel(ollamaProxyOptions(req, model, rc, ctx, receivedAt));
}

const isOllama = (t: RouteTarget): boolean => t.endpoint.endpoint_type === 'ollama';

/** The proxy call of one request (exported for tests): passthrough for Ollama endpoints, translation for the rest. */
export function ollamaProxyOptions(req: OllamaRequest, model: string, rc: ReplyContext, ctx: RequestContext, receivedAt: number): ProxyToModelOptions {
  const translated = new Map<EndpointType, { path: string; body: Json }>();
  const translate = (t: RouteTarget): { path: string; body: Json } => {
    const type = t.endpoint.endpoint_type;
    let hit = translated.get(type);
    if (!hit) translated.set(type, (hit = translateRequest(req, type)));
    return hit;
  };
  return {
    ctx,
    model,
    stream: req.stream,
    receivedAt,
    contextTokens: estimateTokens(req.json),
    api: 'ollama',
    logPath: `/api/${req.kind}`,
    path: (t) => (isOllama(t) ? `/api/${req.kind}` : translate(t).path),
    body: (t) => (isOllama(t) ? req.raw : translate(t).body),
    debugBody: req.json,
    transform: (t) => (isOllama(t) ? passthroughTransform(req, model, t) : req.stream ? sseToNdjson(rc) : openAiToOllama(rc)),
    usageTap: (t) => (isOllama(t) ? ollamaUsageTap() : req.stream ? sseUsageTap() : jsonUsageTap()),
  };
}

/**
 * Passthrough: streams go line by line (clean error line on failure). When the target knows the model
 * by another name (an alias), the body carried that name, so answers are renamed back.
 */
function passthroughTransform(req: OllamaRequest, model: string, t: RouteTarget): ResponseTransform | undefined {
  const renamed = t.upstreamModel !== model;
  if (req.stream) return ndjsonPassthrough(renamed ? { from: t.upstreamModel, to: req.model } : undefined);
  return renamed ? chainBuffered(rewriteJsonModel(req.model)) : undefined;
}
