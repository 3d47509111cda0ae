/** `GET /v1/models` and `GET /v1/models/*`: online models, deduplicated, plus cloud models. */
import type { AppServices } from '../../app-services.js';
import { AppError } from '../../util/errors.js';
import { errorFields, type Logger } from '../../logging/logger.js';
import { sendJson } from '../http.js';
import type { RoutingSnapshot } from '../routing.js';
import type { GatewayServer } from '../server.js';
import { cloudRouterOf, type OpenAiModel } from '../proxy/types.js';

/** The `owned_by` of local models: the list is llmlb's view, whichever endpoints serve them. */
export const LOCAL_OWNER = 'llmlb';

/** Local online models in OpenAI's list-item shape, sorted by id. */
export function localModels(snapshot: RoutingSnapshot): OpenAiModel[] {
  return snapshot.online.map((e) => ({ id: e.name, object: 'model', created: e.created, owned_by: LOCAL_OWNER }));
}

async function cloudModels(services: AppServices, logger: Logger, requestId: string): Promise<readonly OpenAiModel[]> {
  const cloud = cloudRouterOf(services);
  if (!cloud?.listModels) return [];
  try {
    return await cloud.listModels();
  } catch (e) {
    // A cloud provider being down must not break the local list.
    logger.warn({ requestId, ...errorFields(e) }, 'cloud model list failed');
    return [];
  }
}

/** Registers the two model routes. */
export function registerModelRoutes(
  server: GatewayServer,
  deps: { readonly snapshot: () => RoutingSnapshot; readonly services: AppServices; readonly logger: Logger },
): void {
  server.route('GET', '/v1/models', async (ctx) => {
    const local = localModels(deps.snapshot());
    const seen = new Set(local.map((m) => m.id));
    const cloud = (await cloudModels(deps.services, deps.logger, ctx.requestId)).filter((m) => !seen.has(m.id));
    sendJson(ctx.res, 200, { object: 'list', data: [...local, ...cloud] });
  });
  // The id may contain '/', sent as %2F by the openai SDK; find-my-way hands the wildcard over decoded.
  server.route('GET', '/v1/models/*', async (ctx) => {
    const id = ctx.params['*'] ?? '';
    const entry = deps.snapshot().lookup(id);
    if (entry && entry.targets.length > 0) {
      return sendJson(ctx.res, 200, { id, object: 'model', created: entry.created, owned_by: LOCAL_OWNER });
    }
    const cloud = (await cloudModels(deps.services, deps.logger, ctx.requestId)).find((m) => m.id === id);
    if (cloud) return sendJson(ctx.res, 200, cloud);
    throw new AppError('model_not_found', `The model '${id}' does not exist`, { param: 'model' });
  });
}
