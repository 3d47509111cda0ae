/** `/v0` admin routes: thin HTTP adapters over AdminApi. */
import type { AdminApi, EndpointFilter } from '../../admin/api.js';
import type { EndpointStatus, EndpointType, LogQuery } from '../../admin/types.js';
import { AppError } from '../../util/errors.js';
import type { GatewayServer } from '../server.js';
import { readJson, sendJson, sendNoContent, type RequestContext } from '../http.js';
import { serveEvents } from './events.js';

/** Registers every `/v0` route on the server. */
export function registerAdminRoutes(server: GatewayServer, admin: AdminApi, bodyLimit: () => number): void {
  const body = (ctx: RequestContext) => readJson(ctx.req, bodyLimit());
  const id = (ctx: RequestContext) => ctx.params.id ?? '';
  const json = (ctx: RequestContext, status: number, value: unknown) => sendJson(ctx.res, status, value);

  server.route('GET', '/v0/endpoints', async (ctx) => {
    const filter: { -readonly [K in keyof EndpointFilter]: EndpointFilter[K] } = {};
    const type = ctx.query.get('type');
    const status = ctx.query.get('status');
    if (type) filter.type = type as EndpointType;
    if (status) filter.status = status as EndpointStatus;
    json(ctx, 200, await admin.listEndpoints(filter));
  });
  server.route('POST', '/v0/endpoints', async (ctx) => json(ctx, 201, await admin.createEndpoint(await body(ctx))));
  server.route('POST', '/v0/endpoints/detect', async (ctx) => json(ctx, 200, await admin.detectPreview(await body(ctx))));
  server.route('GET', '/v0/endpoints/:id', async (ctx) => json(ctx, 200, await admin.getEndpoint(id(ctx))));
  server.route('PUT', '/v0/endpoints/:id', async (ctx) => json(ctx, 200, await admin.updateEndpoint(id(ctx), await body(ctx))));
  server.route('DELETE', '/v0/endpoints/:id', async (ctx) => {
    await admin.deleteEndpoint(id(ctx));
    sendNoContent(ctx.res);
  });
  server.route('POST', '/v0/endpoints/:id/test', async (ctx) => json(ctx, 200, await admin.testEndpoint(id(ctx))));
  server.route('POST', '/v0/endpoints/:id/sync', async (ctx) => json(ctx, 200, await admin.syncEndpoint(id(ctx))));
  server.route('GET', '/v0/endpoints/:id/health', async (ctx) => {
    const since = ctx.query.get('since') ?? undefined;
    const limit = limitParam(ctx, 10_000);
    if (since !== undefined && Number.isNaN(Date.parse(since))) {
      throw new AppError('invalid_request', 'since must be an RFC 3339 timestamp', { param: 'since' });
    }
    json(ctx, 200, await admin.healthHistory(id(ctx), { ...(since ? { since } : {}), ...(limit ? { limit } : {}) }));
  });
  // Model ids may contain '/' (encoded as %2F or not) and ':'; find-my-way has already decoded the wildcard.
  server.route('GET', '/v0/endpoints/:id/models/*', async (ctx) => {
    const rest = ctx.params['*'] ?? '';
    if (!rest.endsWith('/info')) throw new AppError('not_found', 'no such route');
    const model = rest.slice(0, -'/info'.length);
    json(ctx, 200, await admin.modelInfo(id(ctx), model));
  });
  server.route('POST', '/v0/endpoints/:id/download', async (ctx) => json(ctx, 202, await admin.startDownload(id(ctx), await body(ctx))));
  server.route('GET', '/v0/endpoints/:id/download/progress', async (ctx) => json(ctx, 200, await admin.downloadProgress(id(ctx))));
  server.route('DELETE', '/v0/endpoints/:id/download/:task_id', async (ctx) => {
    await admin.cancelDownload(id(ctx), ctx.params.task_id ?? '');
    sendNoContent(ctx.res);
  });

  server.route('GET', '/v0/discovery', async (ctx) => json(ctx, 200, await admin.listDiscovered()));
  server.route('POST', '/v0/discovery/add', async (ctx) => json(ctx, 201, await admin.addDiscovered(baseUrlOf(await body(ctx)))));
  server.route('POST', '/v0/discovery/dismiss', async (ctx) => {
    await admin.dismissDiscovered(baseUrlOf(await body(ctx)));
    sendNoContent(ctx.res);
  });

  server.route('GET', '/v0/models', async (ctx) => json(ctx, 200, await admin.listModels()));
  server.route('GET', '/v0/requests', async (ctx) => {
    const limit = limitParam(ctx, 1000);
    const requestId = ctx.query.get('request_id');
    if (requestId !== null && (requestId.length < 1 || requestId.length > 128)) {
      throw new AppError('invalid_request', 'request_id must be 1 to 128 characters', { param: 'request_id' });
    }
    json(ctx, 200, await admin.listRequests({ ...(limit ? { limit } : {}), ...(requestId ? { request_id: requestId } : {}) }));
  });
  server.route('GET', '/v0/logs', async (ctx) => {
    const q = ctx.query;
    const pick = (name: string) => q.get(name) ?? undefined;
    json(ctx, 200, await admin.listLogs({ level: pick('level'), component: pick('component'), since: pick('since'), limit: pick('limit') } as LogQuery));
  });
  server.route('GET', '/v0/stats', async (ctx) => json(ctx, 200, await admin.stats()));
  server.route('GET', '/v0/events', (ctx) => serveEvents(ctx, admin, (res) => server.longLived(res)));

  server.route('GET', '/v0/keys', async (ctx) => json(ctx, 200, await admin.listKeys()));
  server.route('POST', '/v0/keys', async (ctx) => json(ctx, 201, await admin.createKey(await body(ctx))));
  server.route('DELETE', '/v0/keys/:id', async (ctx) => {
    await admin.revokeKey(id(ctx));
    sendNoContent(ctx.res);
  });

  server.route('GET', '/v0/settings', async (ctx) => json(ctx, 200, await admin.getSettings()));
  server.route('PUT', '/v0/settings', async (ctx) => json(ctx, 200, await admin.updateSettings(await body(ctx))));
}

/** The `limit` query parameter: undefined when absent, else an integer in 1..max (400 otherwise). */
function limitParam(ctx: RequestContext, max: number): number | undefined {
  const raw = ctx.query.get('limit');
  if (raw === null) return undefined;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new AppError('invalid_request', `limit must be an integer between 1 and ${max}`, { param: 'limit' });
  }
  return limit;
}

function baseUrlOf(input: unknown): string {
  const url = (input as { base_url?: unknown } | null)?.base_url;
  if (typeof url !== 'string' || !url) throw new AppError('invalid_request', 'base_url is required', { param: 'base_url' });
  return url;
}
