/**
 * `GET /api/version`, `GET /api/tags`, `GET /api/ps`, `POST /api/show`. Ollama endpoints are asked
 * directly where they know more (running models, full show answers); everything else is answered from
 * the routing snapshot and what sync stored.
 */
import type { RouteTarget } from '../../balancer/types.js';
import type { EndpointRecord } from '../../registry/endpoints.js';
import { AppError } from '../../util/errors.js';
import { errorFields, type Logger } from '../../logging/logger.js';
import { parseJson, readBody, sendJson, type RequestContext } from '../http.js';
import type { ModelProxy } from '../proxy/types.js';
import type { GatewayServer } from '../server.js';
import { type Json, OLLAMA_VERSION, asObject, resolveModelName } from './common.js';
import { type ModelsOf, describe, registryRunning, tagsOf } from './models.js';
import { buildShow } from './show.js';

/** What the info routes need. */
export interface OllamaInfoDeps {
  readonly proxy: () => ModelProxy;
  readonly modelsOf: ModelsOf;
  readonly apiKey: (endpointId: string) => string | null;
  readonly bodyLimit: () => number;
  /** The `gateway` component logger. */
  readonly logger: Logger;
}

/** How long an Ollama endpoint may take for `/api/ps` or `/api/show` before it is skipped. */
const INFO_TIMEOUT_MS = 5_000;

/** Registers version, tags, ps and show. */
export function registerOllamaInfo(server: GatewayServer, deps: OllamaInfoDeps): void {
  server.route('GET', '/api/version', (ctx) => sendJson(ctx.res, 200, { version: OLLAMA_VERSION }));
  server.route('GET', '/api/tags', (ctx) => sendJson(ctx.res, 200, tagsOf(deps.proxy().snapshot(), deps.modelsOf)));
  server.route('GET', '/api/ps', async (ctx) => sendJson(ctx.res, 200, { models: await running(ctx, deps) }));
  server.route('POST', '/api/show', (ctx) => show(ctx, deps));
}

/** Sends one plain request to an endpoint; resolves with status and parsed JSON (null when not JSON). */
async function ask(deps: OllamaInfoDeps, ctx: RequestContext, endpoint: EndpointRecord, method: 'GET' | 'POST', path: string, body?: Json): Promise<{ status: number; json: Json | null }> {
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(INFO_TIMEOUT_MS)]);
  const res = await deps.proxy().pools.request({
    endpoint,
    path,
    method,
    apiKey: deps.apiKey(endpoint.id),
    signal,
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.body.text();
  let json: Json | null = null;
  try {
    json = asObject(JSON.parse(text));
  } catch {
    json = null;
  }
  return { status: res.statusCode, json };
}

/** `/api/ps`: what online Ollama endpoints report, then models loaded elsewhere; one entry per name. */
async function running(ctx: RequestContext, deps: OllamaInfoDeps): Promise<Json[]> {
  const snapshot = deps.proxy().snapshot();
  const ollamas = new Map<string, EndpointRecord>();
  for (const e of snapshot.online) for (const t of e.targets) if (t.endpoint.endpoint_type === 'ollama') ollamas.set(t.endpoint.id, t.endpoint);
  const lists = await Promise.all(
    [...ollamas.values()].map(async (ep) => {
      try {
        const r = await ask(deps, ctx, ep, 'GET', '/api/ps');
        return r.status === 200 && Array.isArray(r.json?.models) ? (r.json.models as unknown[]).map(asObject).filter((m): m is Json => m !== null) : [];
      } catch (e) {
        deps.logger.warn({ requestId: ctx.requestId, endpointId: ep.id, endpointName: ep.name, ...errorFields(e) }, 'ollama /api/ps failed');
        return [];
      }
    }),
  );
  const out = new Map<string, Json>();
  for (const m of [...lists.flat(), ...registryRunning(snapshot, deps.modelsOf)]) {
    const name = typeof m.name === 'string' ? m.name : typeof m.model === 'string' ? m.model : '';
    if (name && !out.has(name)) out.set(name, m);
  }
  return [...out.values()];
}

/** `/api/show`: an online Ollama endpoint answers itself; otherwise (or if it fails) the answer is built. */
async function show(ctx: RequestContext, deps: OllamaInfoDeps): Promise<void> {
  const json = asObject(parseJson(await readBody(ctx.req, deps.bodyLimit())));
  const asked = typeof json?.model === 'string' && json.model ? json.model : typeof json?.name === 'string' ? json.name : '';
  if (!json || !asked) throw new AppError('invalid_request', 'model is required');
  const snapshot = deps.proxy().snapshot();
  const name = resolveModelName(snapshot, asked);
  const entry = snapshot.lookup(name);
  if (!entry) throw new AppError('model_not_found', `model '${asked}' not found`);
  for (const t of entry.targets.filter((x) => x.endpoint.endpoint_type === 'ollama')) {
    const { name: _legacy, ...rest } = json;
    try {
      const r = await ask(deps, ctx, t.endpoint, 'POST', '/api/show', { ...rest, model: t.upstreamModel });
      if (r.json && r.status < 500) return sendJson(ctx.res, r.status, r.json);
    } catch (e) {
      if (ctx.signal.aborted) return;
      deps.logger.warn(
        { requestId: ctx.requestId, endpointId: t.endpoint.id, endpointName: t.endpoint.name, model: t.upstreamModel, ...errorFields(e) },
        'ollama /api/show failed',
      );
    }
  }
  // Metadata does not need the endpoint to be up: an offline one still describes its models.
  const fallback: RouteTarget[] = entry.targets.length > 0 ? [...entry.targets] : entry.endpoints.map((endpoint) => ({ endpoint, upstreamModel: name }));
  const d = describe({ ...entry, targets: fallback }, deps.modelsOf);
  if (!d) throw new AppError('model_not_found', `model '${asked}' not found`);
  sendJson(ctx.res, 200, buildShow(name, d));
}
