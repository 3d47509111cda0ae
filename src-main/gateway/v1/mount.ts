/** Builds the OpenAI-compatible gateway (routing, balancer, pools, proxy) and mounts `/v1`. */
import type { AppServices } from '../../app-services.js';
import type { Lifecycle } from '../../app.js';
import { Balancer, type Admission } from '../../balancer/balancer.js';
import { EndpointStats } from '../../balancer/stats.js';
import type { Config } from '../../config/config.js';
import type { RegistryChange } from '../../registry/endpoints.js';
import type { Clock } from '../../util/time.js';
import type { Logger } from '../../logging/logger.js';
import { Forwarder } from '../proxy/forward.js';
import { UpstreamPools } from '../proxy/upstream.js';
import { RoutingTable, type RoutingSource } from '../routing.js';
import type { GatewayServer } from '../server.js';
import { registerModelRoutes } from './models.js';
import { registerInferenceRoutes } from './routes.js';

/** The slice of the app context the gateway needs (AppContext satisfies it). */
export interface OpenAiGatewayDeps {
  readonly server: GatewayServer;
  readonly repo: RoutingSource & { apiKey(id: string): string | null };
  readonly services: AppServices;
  readonly config: () => Config;
  readonly clock: Clock;
  /** The root logger (the gateway takes its `gateway` child). */
  readonly logger: Logger;
  addLifecycle(part: Lifecycle): void;
}

/** Knobs for tests and later features (capacity plugs in through `admission`). */
export interface OpenAiGatewayOptions {
  readonly strategy?: string;
  readonly admission?: Admission;
  readonly connectTimeoutMs?: number;
  readonly maxAttempts?: number;
}

/** The running gateway core. */
export interface OpenAiGateway {
  readonly routing: RoutingTable;
  readonly stats: EndpointStats;
  readonly balancer: Balancer;
  readonly pools: UpstreamPools;
  readonly proxy: Forwarder;
  close(): Promise<void>;
}

/** Builds the gateway, registers `/v1`, publishes `services.modelProxy` and closes the pools on stop. */
export function mountOpenAiGateway(deps: OpenAiGatewayDeps, opts: OpenAiGatewayOptions = {}): OpenAiGateway {
  const now = () => deps.clock.now();
  const routing = new RoutingTable(deps.repo);
  const stats = new EndpointStats({ now });
  const balancer = new Balancer(stats, {
    ...(opts.strategy ? { strategy: opts.strategy } : {}),
    ...(opts.admission ? { admission: opts.admission } : {}),
  });
  const pools = new UpstreamPools(opts.connectTimeoutMs ? { connectTimeoutMs: opts.connectTimeoutMs } : {});
  const unsubscribe = deps.repo.onChange((c: RegistryChange) => {
    pools.onRegistryChange(c);
    // What was learnt about an old address says nothing about the new one.
    if (c.kind === 'deleted' || (c.kind === 'updated' && c.previous && c.previous.base_url !== c.endpoint.base_url)) {
      stats.forget(c.endpoint.id);
    }
  });
  const gatewayLog = deps.logger.child({ component: 'gateway' });
  const proxy = new Forwarder({
    routing,
    balancer,
    pools,
    apiKey: (id) => deps.repo.apiKey(id),
    services: deps.services,
    now,
    logger: gatewayLog,
    ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
  });
  deps.services.modelProxy = proxy;
  // The aliases subsystem pushes its definitions here (`setAliases`).
  deps.services.routing = routing;
  registerModelRoutes(deps.server, { snapshot: () => routing.current(), services: deps.services, logger: gatewayLog });
  registerInferenceRoutes(deps.server, {
    proxy,
    services: deps.services,
    bodyLimit: () => deps.config().limits.maxBodyBytes,
    now,
  });
  let closed = false;
  const gateway: OpenAiGateway = {
    routing,
    stats,
    balancer,
    pools,
    proxy,
    async close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      routing.close();
      await pools.close();
    },
  };
  deps.addLifecycle({ stop: () => gateway.close() });
  return gateway;
}
