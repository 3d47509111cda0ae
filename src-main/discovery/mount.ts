/** Wires discovery into the app: admin part, lifecycle, settings changes, and remembering deletions. */
import type { AppContext } from '../app.js';
import { detectEndpointType } from '../detect/index.js';
import { Discovery } from './discovery.js';
import { IgnoredStore } from './ignored.js';
import { DiscoveryLoop } from './loop.js';
import { localPortProber } from './probe.js';
import type { Detector } from './types.js';

/** Mounts discovery on the app context; `detect` is replaceable for tests. */
export function mountDiscovery(ctx: AppContext, detect: Detector = detectEndpointType): Discovery {
  const logger = ctx.logger.child({ component: 'discovery' });
  const discovery = new Discovery({
    config: () => ctx.config().discovery,
    gatewayPort: () => portOf(ctx.gatewayUrl()),
    registered: () => ctx.repo.all(),
    register: (input, type) => ctx.endpoints.create(input, { source: 'discovered', endpointType: type }),
    ignored: new IgnoredStore(ctx.db),
    probe: localPortProber(detect),
    publish: (e) => ctx.events.publish(e),
    now: () => ctx.clock.now(),
    logger,
  });
  const loop = new DiscoveryLoop({
    round: (signal) => discovery.round(signal),
    enabled: () => ctx.config().discovery.enabled,
    intervalMs: () => ctx.config().discovery.intervalSecs * 1000,
    clock: ctx.clock,
    logger,
  });
  // A discovered endpoint the user deletes must not come back on the next round, nor after a restart.
  const unsubscribe = ctx.repo.onChange((c) => {
    if (c.kind === 'deleted' && c.endpoint.source === 'discovered') discovery.rememberDeleted(c.endpoint.base_url);
  });
  let last = ctx.config().discovery;
  ctx.onReconfigure((cfg) => {
    const next = cfg.discovery;
    if (next.enabled === last.enabled && next.autoAdd === last.autoAdd) return;
    last = next;
    if (!next.enabled) discovery.clear();
    loop.kick();
  });
  ctx.admin.provide('discovery', discovery);
  ctx.addLifecycle({
    start: () => loop.start(),
    stop: async () => {
      await loop.stop();
      unsubscribe();
    },
  });
  return discovery;
}

/** The port of the gateway's URL; null before it listens (port 0). */
function portOf(url: string): number | null {
  try {
    const port = Number(new URL(url).port);
    return port > 0 ? port : null;
  } catch {
    return null;
  }
}
