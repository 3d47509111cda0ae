/** `/v0/aliases`: thin HTTP adapters over the alias operations (reads need a viewer key, writes an admin key). */
import type { AliasOps } from '../../aliases/types.js';
import { readJson, sendJson, sendNoContent, type RequestContext } from '../http.js';
import type { GatewayServer } from '../server.js';

/** The alias name of `/v0/aliases/<name>`: it may contain `/` and `:`; find-my-way hands the wildcard over decoded once. */
export function aliasParam(ctx: RequestContext): string {
  return ctx.params['*'] ?? '';
}

/** Registers list, create, update, delete, suggestions and accept. */
export function registerAliasRoutes(server: GatewayServer, aliases: AliasOps, bodyLimit: () => number): void {
  const body = (ctx: RequestContext) => readJson(ctx.req, bodyLimit());
  server.route('GET', '/v0/aliases', async (ctx) => sendJson(ctx.res, 200, await aliases.list()));
  server.route('POST', '/v0/aliases', async (ctx) => sendJson(ctx.res, 201, await aliases.create(await body(ctx))));
  server.route('GET', '/v0/aliases/suggestions', async (ctx) => sendJson(ctx.res, 200, await aliases.suggestions()));
  server.route('POST', '/v0/aliases/suggestions/accept', async (ctx) => sendJson(ctx.res, 201, await aliases.accept(await body(ctx))));
  server.route('PUT', '/v0/aliases/*', async (ctx) => sendJson(ctx.res, 200, await aliases.update(aliasParam(ctx), await body(ctx))));
  server.route('DELETE', '/v0/aliases/*', async (ctx) => {
    await aliases.delete(aliasParam(ctx));
    sendNoContent(ctx.res);
  });
}
