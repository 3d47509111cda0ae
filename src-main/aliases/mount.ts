/** Mounts aliases: the store, `/v0/aliases`, the admin part, and routing kept in step with alias and endpoint changes. */
import type { AppContext } from '../app.js';
import type { AliasDefinition } from '../gateway/routing.js';
import { registerAliasRoutes } from '../gateway/admin/aliases-routes.js';
import { AliasService } from './service.js';
import { AliasStore } from './store.js';

/** The routing table's alias seam, as the `/v1` gateway publishes it (`services.routing`). */
interface AliasSink {
  setAliases(aliases: readonly AliasDefinition[]): void;
}

/** Reads the routing table from the services bag at call time (mount order may vary). */
function sinkOf(services: Readonly<Record<string, unknown>>): AliasSink | undefined {
  const r = services.routing as Partial<AliasSink> | undefined;
  return r && typeof r.setAliases === 'function' ? (r as AliasSink) : undefined;
}

/** The slice of the app context aliases need (AppContext satisfies it). */
export type AliasesDeps = Pick<AppContext, 'db' | 'repo' | 'server' | 'admin' | 'services' | 'config' | 'clock' | 'addLifecycle'>;

/** Builds the alias service, registers its routes and pushes the stored aliases to routing now and at start. */
export function mountAliases(deps: AliasesDeps): AliasService {
  const service = new AliasService(new AliasStore(deps.db), deps.repo, (defs) => sinkOf(deps.services)?.setAliases(defs), () => deps.clock.now());
  deps.admin.provide('aliases', service);
  registerAliasRoutes(deps.server, service, () => deps.config().limits.maxBodyBytes);
  // Deleting an endpoint cascades to its alias targets in SQLite; routing must see the shorter lists.
  const off = deps.repo.onChange((c) => {
    if (c.kind === 'deleted') service.publish();
  });
  service.publish();
  deps.addLifecycle({ start: () => service.publish(), stop: () => off() });
  return service;
}
